import { float64Bytes, float64FromBytes } from './float64Codec.js';
import { numericTable } from './numericTable.js';
import type { Design } from './design.js';

/** A Design for the store: column names and float64 bytes (a trial result's bytes become one binary object). */
export interface EncodedDesign {
  readonly columns: readonly string[];
  readonly X: Uint8Array;
  readonly y: Uint8Array;
}

export function encodeDesign(design: Design): EncodedDesign {
  return { columns: design.X.columns, X: float64Bytes(design.X.data), y: float64Bytes(design.y) };
}

export function decodeDesign(encoded: EncodedDesign): Design {
  const X = numericTable(encoded.columns, float64FromBytes(encoded.X));
  const y = float64FromBytes(encoded.y);
  if (y.length !== X.rows) throw new Error(`encoded design has ${X.rows} rows but ${y.length} targets`);
  return { X, y };
}
