/** A text column as codes: each row's index into levels (its distinct values, first seen first), or -1 where it is missing. */
export interface CodedColumn {
  readonly codes: Int32Array;
  readonly levels: readonly string[];
}

/** Codes text values one at a time, first seen first: one string per level rather than per row. */
export class LevelCoder {
  readonly levels: string[] = [];
  private readonly codeOf = new Map<string, number>();

  code(value: string | null): number {
    if (value === null) return -1;
    let code = this.codeOf.get(value);
    if (code === undefined) {
      code = this.levels.push(value) - 1;
      this.codeOf.set(value, code);
    }
    return code;
  }
}

/** Codes a column's values. */
export function codeLevels(values: readonly (string | null)[]): CodedColumn {
  const coder = new LevelCoder();
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) codes[i] = coder.code(values[i]);
  return { codes, levels: coder.levels };
}

/** The column of what `derive` makes of each level (and of a missing value), coded again: a function of the levels, not of every row. */
export function mapLevels(column: CodedColumn, derive: (level: string | null) => string | null): CodedColumn {
  const derived = codeLevels([...column.levels.map(derive), derive(null)]);
  const codes = new Int32Array(column.codes.length);
  recode(column.codes, derived.codes, codes);
  return { codes, levels: derived.levels };
}

/**
 * codes[i]: the new code of old code from[i], byOld's last entry standing for a missing value (-1).
 * A loop of its own, so that a cold run optimises it on-stack without the code after it, which
 * has no type feedback yet and would throw the optimised code away.
 */
function recode(from: Int32Array, byOld: Int32Array, codes: Int32Array): void {
  const missing = byOld[byOld.length - 1];
  for (let i = 0; i < codes.length; i++) codes[i] = from[i] < 0 ? missing : byOld[from[i]];
}
