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
  const missing = derived.codes[column.levels.length];
  const codes = new Int32Array(column.codes.length);
  for (let i = 0; i < codes.length; i++) codes[i] = column.codes[i] < 0 ? missing : derived.codes[column.codes[i]];
  return { codes, levels: derived.levels };
}
