import { float64Bytes, float64FromBytes } from './float64Codec.js';
import { numericTable } from './numericTable.js';
import type { Design } from './design.js';
import { denseData, type SplitColumns } from './splitColumns.js';

/**
 * A Design for the store (a trial result's bytes become one binary object). Indicator columns
 * (every value +0 or 1: one-hot dummies, most of an OLS design) are one byte per value in
 * `indicators`; the other columns' float64 bytes are in `X`, row-major over those columns. A
 * design stored without `indicatorColumns` has every column in `X`.
 */
export interface EncodedDesign {
  readonly columns: readonly string[];
  readonly X: Uint8Array;
  readonly y: Uint8Array;
  /** Indices into `columns` of the indicator columns, ascending. */
  readonly indicatorColumns?: readonly number[];
  /** rows × indicatorColumns.length bytes, 0 or 1, row-major. */
  readonly indicators?: Uint8Array;
}

export function encodeDesign(design: Design): EncodedDesign {
  const { columns, rows, data } = design.X;
  const width = columns.length;
  const indicator = indicatorFlags(data, rows, width);
  const indicatorColumns = columns.flatMap((_, j) => (indicator[j] ? [j] : []));
  const valueColumns = columns.flatMap((_, j) => (indicator[j] ? [] : [j]));
  if (indicatorColumns.length === 0) return { columns, X: float64Bytes(data), y: float64Bytes(design.y) };
  const values = new Float64Array(rows * valueColumns.length);
  const indicators = new Uint8Array(rows * indicatorColumns.length);
  gather(data, width, Int32Array.from(valueColumns), values);
  gather(data, width, Int32Array.from(indicatorColumns), indicators);
  return { columns, X: float64Bytes(values), y: float64Bytes(design.y), indicatorColumns, indicators };
}

/** How many rows an encoded design has: one target each. */
export function encodedRows(encoded: EncodedDesign): number {
  return encoded.y.byteLength / 8;
}

export function decodeDesign(encoded: EncodedDesign): Design {
  const { X, y } = designColumns(encoded);
  return { X: numericTable(X.columns, denseData(X)), y };
}

/**
 * An encoded design's X as its stored columns (values viewed in place where the bytes are
 * 8-byte aligned, as a stored result's are), checked against its size: for a model that reads
 * the split columns, with no dense copy.
 */
export function designColumns(encoded: EncodedDesign): { X: SplitColumns; y: Float64Array } {
  const y = float64View(encoded.y);
  const width = encoded.columns.length;
  const indicatorColumns = Int32Array.from(encoded.indicatorColumns ?? []);
  const indicators = encoded.indicators ?? new Uint8Array(0);
  if (indicatorColumns.length > 0 && (encoded.indicators === undefined || indicators.byteLength !== y.length * indicatorColumns.length)) {
    throw new Error(`encoded design has ${encoded.indicators?.byteLength ?? 'no'} indicator bytes for ${y.length} rows × ${indicatorColumns.length} indicator columns`);
  }
  const isIndicator = new Uint8Array(width);
  for (const j of indicatorColumns) isIndicator[j] = 1;
  const valueColumns = Int32Array.from(encoded.columns.flatMap((_, j) => (isIndicator[j] === 1 ? [] : [j])));
  const values = float64View(encoded.X);
  if (values.length !== y.length * valueColumns.length) {
    throw new Error(`encoded design has ${values.length} values for ${y.length} rows × ${valueColumns.length} value columns`);
  }
  return { X: { columns: encoded.columns, rows: y.length, values, valueColumns, indicators, indicatorColumns }, y };
}

/** The float64s of bytes, viewed in place when aligned, else copied. */
function float64View(bytes: Uint8Array): Float64Array {
  return bytes.byteOffset % 8 === 0 && bytes.byteLength % 8 === 0 ? new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8) : float64FromBytes(bytes);
}

/** out, row-major over `picked`: the picked columns of the row-major `data` of `width` columns. */
function gather(data: Float64Array, width: number, picked: Int32Array, out: Float64Array | Uint8Array): void {
  const count = picked.length;
  for (let i = 0, o = 0; o < out.length; i += width) for (let c = 0; c < count; c++) out[o++] = data[i + picked[c]];
}

/** For each column, whether it holds only +0 and 1 (not -0, whose sign a byte would lose); one pass over the rows. */
function indicatorFlags(data: Float64Array, rows: number, width: number): boolean[] {
  const flags = new Uint8Array(width).fill(rows > 0 ? 1 : 0);
  for (let i = 0; i < data.length; i += width) {
    for (let j = 0; j < width; j++) {
      const value = data[i + j];
      if (value !== 1 && !(value === 0 && 1 / value > 0)) flags[j] = 0;
    }
  }
  return Array.from(flags, (flag) => flag === 1);
}
