import { decodeFloat64, encodeFloat64 } from './float64Codec.js';
import { numericTable } from './numericTable.js';
import type { Design } from './design.js';

/** A Design as JSON: column names and base64 float64 data. */
export interface EncodedDesign {
  readonly columns: readonly string[];
  readonly X: string;
  readonly y: string;
}

export function encodeDesign(design: Design): EncodedDesign {
  return { columns: design.X.columns, X: encodeFloat64(design.X.data), y: encodeFloat64(design.y) };
}

export function decodeDesign(encoded: EncodedDesign): Design {
  const X = numericTable(encoded.columns, decodeFloat64(encoded.X));
  const y = decodeFloat64(encoded.y);
  if (y.length !== X.rows) throw new Error(`encoded design has ${X.rows} rows but ${y.length} targets`);
  return { X, y };
}
