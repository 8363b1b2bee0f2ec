import type { NumericTable } from './numericTable.js';

/**
 * A table whose columns come from two row-major sources, as an encoded design holds them
 * (designCodec.ts): float64 values, and one byte (0 or 1) per value of the indicator columns.
 * A model can read it as it is stored, without a dense rows × columns copy.
 */
export interface SplitColumns {
  readonly columns: readonly string[];
  readonly rows: number;
  /** rows × valueColumns.length, row-major. */
  readonly values: Float64Array;
  /** Index in `columns` of each of the values' columns, ascending. */
  readonly valueColumns: Int32Array;
  /** rows × indicatorColumns.length bytes, 0 or 1, row-major. */
  readonly indicators: Uint8Array;
  readonly indicatorColumns: Int32Array;
}

/** Where split columns' values come from, without the names: what a model's kernels read. */
export type ColumnSources = Pick<SplitColumns, 'values' | 'valueColumns' | 'indicators' | 'indicatorColumns'>;

/** A dense table as split columns: every column a value column, its data not copied. */
export function splitColumnsOf(table: NumericTable): SplitColumns {
  return { columns: table.columns, rows: table.rows, ...valuesOnly(table.data, table.columns.length) };
}

/** The sources of a dense row-major matrix of `width` columns: every column a value column, not copied. */
export function valuesOnly(values: Float64Array, width: number): ColumnSources {
  return { values, valueColumns: Int32Array.from({ length: width }, (_, j) => j), indicators: new Uint8Array(0), indicatorColumns: new Int32Array(0) };
}

/** The dense row-major data of split columns: the values themselves (not copied) when there are no indicators. */
export function denseData(split: SplitColumns): Float64Array {
  if (split.indicatorColumns.length === 0) return split.values;
  const width = split.columns.length;
  const data = new Float64Array(split.rows * width);
  scatter(split.values, split.valueColumns, data, width);
  scatter(split.indicators, split.indicatorColumns, data, width);
  return data;
}

/** `values`, row-major over `picked`, into their columns of the row-major `data` of `width` columns. */
function scatter(values: Float64Array | Uint8Array, picked: Int32Array, data: Float64Array, width: number): void {
  const count = picked.length;
  for (let i = 0, v = 0; v < values.length; i += width) for (let c = 0; c < count; c++) data[i + picked[c]] = values[v++];
}
