/** A text column as codes: each row's index into levels (its distinct values, first seen first), or -1 where it is missing. */
export interface CodedColumn {
  readonly codes: Int32Array;
  readonly levels: readonly string[];
}

/** Codes a column's values: one string per level rather than per row. */
export function codeLevels(values: readonly (string | null)[]): CodedColumn {
  const codes = new Int32Array(values.length);
  const levels: string[] = [];
  const codeOf = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null) {
      codes[i] = -1;
      continue;
    }
    let code = codeOf.get(value);
    if (code === undefined) {
      code = levels.push(value) - 1;
      codeOf.set(value, code);
    }
    codes[i] = code;
  }
  return { codes, levels };
}

/** The column of what `derive` makes of each level (and of a missing value), coded again: a function of the levels, not of every row. */
export function mapLevels(column: CodedColumn, derive: (level: string | null) => string | null): CodedColumn {
  const derived = codeLevels([...column.levels.map(derive), derive(null)]);
  const missing = derived.codes[column.levels.length];
  const codes = new Int32Array(column.codes.length);
  for (let i = 0; i < codes.length; i++) codes[i] = column.codes[i] < 0 ? missing : derived.codes[column.codes[i]];
  return { codes, levels: derived.levels };
}
