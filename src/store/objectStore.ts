/**
 * Where runs keep their results and caches: a flat map from keys to bytes.
 *
 * Keys are '/'-separated paths (`runs/<runId>/results.json`, `cache/<sha256>.json`)
 * whose segments are restricted to a portable, traversal-free alphabet, so the
 * same key is a safe relative path on disk and a plain object name in S3.
 */
export interface ObjectStore {
  /** Where the objects live, for logs: `folder /abs/path` or `s3 <endpoint> bucket <name>`. Never a secret. */
  readonly description: string;
  /** Stores `body` under `key`, replacing any previous object; readers see the old or the new object, never a part. */
  put(key: string, body: Buffer | string, contentType?: string): Promise<void>;
  /** The object's bytes, or null when there is none. */
  get(key: string): Promise<Buffer | null>;
  /** The object parsed as JSON, or null when there is none. */
  getJson<T>(key: string): Promise<T | null>;
  /** Stores `value` as pretty-printed JSON. */
  putJson(key: string, value: unknown): Promise<void>;
  exists(key: string): Promise<boolean>;
  /**
   * Every key under the folder-like `prefix` ('runs/r1' or 'runs/r1/' lists 'runs/r1/…',
   * never 'runs/r10/…'; '' lists everything), recursively, sorted.
   */
  list(prefix: string): Promise<string[]>;
  /** Removes the object; removing an absent key is not an error. */
  delete(key: string): Promise<void>;
}

const SEGMENT = /^[A-Za-z0-9._-]+$/;
const MAX_SEGMENT_LENGTH = 200;
/** S3's limit on object names. */
const MAX_KEY_LENGTH = 1024;
const SEGMENT_RULE = "use letters, digits, '.', '_' or '-' (no '/' or '..')";
const KEY_RULE = "segments between '/' must be non-empty letters, digits, '.', '_' or '-', and not '.' or '..'";

/** True when `segment` can be one '/'-free part of a key. */
export function isSafeSegment(segment: string): boolean {
  return (
    segment.length <= MAX_SEGMENT_LENGTH && SEGMENT.test(segment) && segment !== '.' && segment !== '..'
  );
}

/** True when every '/'-separated part of `key` is a safe segment (so no leading, trailing or doubled '/'). */
export function isValidKey(key: string): boolean {
  return key.length > 0 && key.length <= MAX_KEY_LENGTH && key.split('/').every(isSafeSegment);
}

/**
 * Checks an id that becomes one key segment (a run id, a stage name).
 * `what` names it in the error: `invalid run id '../x': use letters, …`.
 */
export function assertSafeId(id: string, what: string): void {
  if (typeof id !== 'string' || id.length === 0) throw new Error(`invalid ${what}: it is empty`);
  if (id.length > MAX_SEGMENT_LENGTH) {
    throw new Error(`invalid ${what} ${quote(id)}: longer than ${MAX_SEGMENT_LENGTH} characters`);
  }
  if (!isSafeSegment(id)) throw new Error(`invalid ${what} ${quote(id)}: ${SEGMENT_RULE}`);
}

/** Joins single segments into a key, checking each: `objectKey('runs', runId, 'results.json')`. */
export function objectKey(...segments: string[]): string {
  if (segments.length === 0) throw new Error('invalid object key: no segments given');
  for (const segment of segments) assertSafeId(segment, 'object key segment');
  return assertKey(segments.join('/'));
}

/** Checks a whole key and returns it. */
export function assertKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0) throw new Error('invalid object key: it is empty');
  if (key.length > MAX_KEY_LENGTH) {
    throw new Error(`invalid object key ${quote(key)}: longer than ${MAX_KEY_LENGTH} characters`);
  }
  if (!isValidKey(key)) {
    throw new Error(`invalid object key ${quote(key)}: ${KEY_RULE}`);
  }
  return key;
}

/** Checks a list prefix ('' or a key, optionally ending in '/') and returns it without the trailing '/'. */
export function assertKeyPrefix(prefix: string): string {
  if (prefix === '') return '';
  const folder = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (!isValidKey(folder)) {
    throw new Error(`invalid object key prefix ${quote(prefix)}: expected '' or a key; ${KEY_RULE}`);
  }
  return folder;
}

/** The bytes `putJson` stores. */
export function encodeJson(key: string, value: unknown): Buffer {
  const text = JSON.stringify(value, null, 2);
  if (text === undefined) throw new Error(`cannot store ${typeof value} as JSON under '${key}'`);
  return Buffer.from(`${text}\n`, 'utf8');
}

/** Parses what `getJson` read; a corrupt object is an error naming its key, not a silent null. */
export function decodeJson<T>(key: string, body: Buffer | null): T | null {
  if (body === null) return null;
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch (error) {
    throw new Error(`object '${key}' is not valid JSON: ${(error as Error).message}`);
  }
}

/** Shows a rejected id on one line, shortened, with control characters escaped. */
function quote(text: string): string {
  const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return /[\u0000-\u001f\u007f'\\]/.test(shown) ? JSON.stringify(shown) : `'${shown}'`;
}
