/** A dense row-major table of numbers with named columns: the unit models consume. */
export interface NumericTable {
  readonly columns: readonly string[];
  readonly rows: number;
  /** rows × columns.length values, row-major. */
  readonly data: Float64Array;
}

export function numericTable(columns: readonly string[], data: Float64Array): NumericTable {
  if (data.length % Math.max(columns.length, 1) !== 0) {
    throw new Error(`table data length ${data.length} is not a multiple of ${columns.length} columns`);
  }
  return { columns, rows: columns.length === 0 ? 0 : data.length / columns.length, data };
}

export function column(table: NumericTable, name: string): Float64Array {
  const j = table.columns.indexOf(name);
  if (j < 0) throw new Error(`no column '${name}' in table`);
  const out = new Float64Array(table.rows);
  const width = table.columns.length;
  for (let i = 0; i < table.rows; i++) out[i] = table.data[i * width + j];
  return out;
}

export function selectRows(table: NumericTable, indices: ArrayLike<number>): NumericTable {
  const width = table.columns.length;
  const out = new Float64Array(indices.length * width);
  for (let r = 0; r < indices.length; r++) {
    out.set(table.data.subarray(indices[r] * width, indices[r] * width + width), r * width);
  }
  return { columns: table.columns, rows: indices.length, data: out };
}

export function selectValues(values: Float64Array, indices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(indices.length);
  for (let r = 0; r < indices.length; r++) out[r] = values[indices[r]];
  return out;
}
