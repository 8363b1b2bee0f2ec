import { decodeJson, encodeJson, type ObjectStore } from '../store/objectStore.js';
import { isContentAddressed } from './runLayout.js';

/** Content-addressed objects this thread read or wrote lately, shared by its trials: they never change. */
const contentReads = new Map<string, Promise<Buffer | null>>();
const CONTENT_LIMIT = 64;

/**
 * The store as one trial sees it: each object is fetched once, and what the trial wrote is what
 * it reads back, so a kind and the report it writes (stage outputs, the manifest, results.json,
 * the results it reads) make one request per object. Content-addressed objects (trial results,
 * datasets) are remembered across the thread's trials too; an absent object is asked for again.
 */
export class TrialStoreView implements ObjectStore {
  private readonly reads = new Map<string, Promise<Buffer | null>>();

  constructor(private readonly store: ObjectStore) {}

  get description(): string {
    return this.store.description;
  }

  get(key: string): Promise<Buffer | null> {
    const memo = this.memoOf(key);
    let body = memo.get(key);
    if (body === undefined) {
      body = this.store.get(key);
      remember(memo, key, body);
      const forget = () => memo.get(key) === body && memo.delete(key);
      body.then((found) => found === null && forget(), forget);
    }
    return body;
  }

  async getJson<T>(key: string): Promise<T | null> {
    return decodeJson<T>(key, await this.get(key));
  }

  async put(key: string, body: Buffer | string, contentType?: string): Promise<void> {
    this.memoOf(key).delete(key);
    await this.store.put(key, body, contentType);
    // A Buffer is remembered as it is, not copied (a trial's result is megabytes): a trial's writes are not changed after.
    remember(this.memoOf(key), key, Promise.resolve(typeof body === 'string' ? Buffer.from(body) : body));
  }

  async putJson(key: string, value: unknown): Promise<void> {
    return this.put(key, encodeJson(key, value), 'application/json');
  }

  /** Asked of the store: what is remembered is what was there, not what still is. */
  exists(key: string): Promise<boolean> {
    return this.store.exists(key);
  }

  list(prefix: string): Promise<string[]> {
    return this.store.list(prefix);
  }

  async delete(key: string): Promise<void> {
    this.memoOf(key).delete(key);
    await this.store.delete(key);
  }

  private memoOf(key: string): Map<string, Promise<Buffer | null>> {
    return isContentAddressed(key) ? contentReads : this.reads;
  }
}

function remember(memo: Map<string, Promise<Buffer | null>>, key: string, body: Promise<Buffer | null>): void {
  if (memo === contentReads && memo.size >= CONTENT_LIMIT && !memo.has(key)) memo.delete(memo.keys().next().value!);
  memo.set(key, body);
}
