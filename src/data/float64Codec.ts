/**
 * Typed arrays as base64 text: exact, a third the size of JSON number lists, and
 * fast to parse, for tables that travel through the object store.
 */
export function encodeFloat64(values: Float64Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

export function decodeFloat64(text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength % 8 !== 0) throw new Error('encoded Float64Array has a length that is not a multiple of 8 bytes');
  // Copy into a fresh, aligned buffer: Buffer.from may return a pooled, unaligned view.
  const out = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
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
