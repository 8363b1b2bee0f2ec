/**
 * Typed arrays as bytes (little-endian, as every platform Node runs on), for results stored as
 * binary objects, or as base64 text where they must travel inside JSON (saved models, results
 * the report reads): exact, and fast to parse.
 */
export function float64Bytes(values: Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

export function float64FromBytes(bytes: Uint8Array): Float64Array {
  if (bytes.byteLength % 8 !== 0) throw new Error('encoded Float64Array has a length that is not a multiple of 8 bytes');
  // Copied into a fresh, aligned buffer: the bytes may be a pooled, unaligned view.
  const out = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

export function encodeFloat64(values: Float64Array): string {
  return float64Bytes(values).toString('base64');
}

export function decodeFloat64(text: string): Float64Array {
  return float64FromBytes(Buffer.from(text, 'base64'));
}

export function encodeInt32(values: Int32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

export function decodeInt32(text: string): Int32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength % 4 !== 0) throw new Error('encoded Int32Array has a length that is not a multiple of 4 bytes');
  const out = new Int32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
