import type { ObjectStore } from '../store/objectStore.js';
import { runKeys } from './runLayout.js';

/**
 * How a trial's result lies in the store. A result with no bytes in it is plain JSON at
 * cache/<key>.json. Bytes (a Uint8Array or Buffer anywhere in it: neighbour tables, designs)
 * go, concatenated, into one binary object cache/<key>.bin, and the JSON holds where each
 * sits: `{ "$binaryBytes": total, "result": … { "$binary": { "offset", "length" } } … }`.
 * The binary object is written first, so a JSON object in the cache means its bytes are whole.
 */
const BINARY_BYTES = '$binaryBytes';
const BINARY = '$binary';

interface BinaryEnvelope {
  readonly [BINARY_BYTES]: number;
  readonly result: unknown;
}

/** The result's JSON with each byte array replaced by where it sits, and those bytes in one buffer (null when none). */
export function splitBinary(value: unknown): { json: unknown; binary: Buffer | null } {
  const parts: Uint8Array[] = [];
  let offset = 0;
  const walk = (v: unknown): unknown => {
    if (v instanceof Uint8Array) {
      const ref = { [BINARY]: { offset, length: v.byteLength } };
      parts.push(v);
      offset += v.byteLength;
      // Each part starts on an 8-byte boundary, so typed arrays of any width can view it in place.
      const padding = (8 - (offset % 8)) % 8;
      if (padding > 0) parts.push(new Uint8Array(padding));
      offset += padding;
      return ref;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const json = walk(value);
  return { json, binary: parts.length === 0 ? null : Buffer.concat(parts) };
}

/**
 * The inverse of splitBinary: each reference becomes a Buffer of its bytes, 8-byte aligned so typed
 * arrays can view it: a view into `binary` where that is aligned (no copy), else a copy.
 */
export function joinBinary(json: unknown, binary: Uint8Array): unknown {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const ref = binaryRef(v);
    if (ref !== null) {
      if (ref.offset + ref.length > binary.byteLength) throw new Error(`binary part [${ref.offset}, +${ref.length}) lies past the ${binary.byteLength} bytes stored`);
      const start = binary.byteOffset + ref.offset;
      if (start % 8 === 0) return Buffer.from(binary.buffer, start, ref.length);
      const copy = Buffer.alloc(ref.length);
      copy.set(binary.subarray(ref.offset, ref.offset + ref.length));
      return copy;
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  };
  return walk(json);
}

export async function writeTrialResult(store: ObjectStore, key: string, value: unknown): Promise<void> {
  const { json, binary } = splitBinary(value);
  if (binary === null) return store.putJson(runKeys.cache(key), json);
  await store.put(runKeys.cacheBinary(key), binary);
  const envelope: BinaryEnvelope = { [BINARY_BYTES]: binary.byteLength, result: json };
  await store.putJson(runKeys.cache(key), envelope);
}

/** The stored result, or null when the cache has none. */
export async function readTrialResult(store: ObjectStore, key: string): Promise<unknown> {
  const stored = await store.getJson<unknown>(runKeys.cache(key));
  if (!isEnvelope(stored)) return stored;
  const bytes = await store.get(runKeys.cacheBinary(key));
  if (bytes === null || bytes.byteLength !== stored[BINARY_BYTES]) {
    throw new Error(`result ${key}: its binary object holds ${bytes?.byteLength ?? 'no'} bytes, ${stored[BINARY_BYTES]} expected`);
  }
  return joinBinary(stored.result, bytes);
}

/**
 * True when the cache holds the whole result: its JSON reads back (an upload cut by an outage can
 * leave a truncated object behind; s3rver keeps one) and, if it has bytes, its binary object exists.
 * Only the small JSON is read, not the bytes.
 */
export async function holdsTrialResult(store: ObjectStore, key: string): Promise<boolean> {
  const body = await store.get(runKeys.cache(key));
  if (body === null) return false;
  let stored: unknown;
  try {
    stored = JSON.parse(body.toString('utf8'));
  } catch {
    return false;
  }
  return !isEnvelope(stored) || store.exists(runKeys.cacheBinary(key));
}

function isEnvelope(value: unknown): value is BinaryEnvelope {
  return value !== null && typeof value === 'object' && typeof (value as Record<string, unknown>)[BINARY_BYTES] === 'number';
}

function binaryRef(value: object): { offset: number; length: number } | null {
  const entries = Object.entries(value);
  if (entries.length !== 1 || entries[0][0] !== BINARY) return null;
  const ref = entries[0][1] as { offset?: unknown; length?: unknown } | null;
  if (typeof ref?.offset !== 'number' || typeof ref.length !== 'number') return null;
  return { offset: ref.offset, length: ref.length };
}
