import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  assertKey,
  assertKeyPrefix,
  decodeJson,
  encodeJson,
  isSafeSegment,
  type ObjectStore,
} from './objectStore.js';

/** fs error codes that mean "there is no object at this key". */
const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

/**
 * Objects as files under a root folder: key `runs/r1/results.json` is `<root>/runs/r1/results.json`.
 * Writes go to a temporary sibling and are renamed into place, so a worker that dies
 * mid-write leaves either the old object or none, never a truncated one. Temporary
 * names contain '~', which no key segment may, so `list` never reports them.
 */
export class FolderStore implements ObjectStore {
  readonly root: string;
  readonly description: string;

  constructor(root: string) {
    if (root.trim() === '') throw new Error('folder store root is empty');
    this.root = resolve(root);
    this.description = `folder ${this.root}`;
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    const file = this.fileOf(key);
    const temporary = `${file}.~${process.pid}-${randomBytes(6).toString('hex')}`;
    try {
      await mkdir(dirname(file), { recursive: true });
      const handle = await open(temporary, 'wx');
      try {
        await handle.writeFile(body);
        // Flushed before the rename so a machine crash cannot publish an empty file either.
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw this.failure('put', key, error);
    }
  }

  async get(key: string): Promise<Buffer | null> {
    const file = this.fileOf(key);
    try {
      return await wholeFile(file);
    } catch (error) {
      if (ABSENT.has(codeOf(error))) return null;
      throw this.failure('get', key, error);
    }
  }

  async getJson<T>(key: string): Promise<T | null> {
    return decodeJson<T>(key, await this.get(key));
  }

  async putJson(key: string, value: unknown): Promise<void> {
    await this.put(key, encodeJson(key, value));
  }

  async exists(key: string): Promise<boolean> {
    const file = this.fileOf(key);
    try {
      return (await stat(file)).isFile();
    } catch (error) {
      if (ABSENT.has(codeOf(error))) return false;
      throw this.failure('stat', key, error);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const folder = assertKeyPrefix(prefix);
    const keys: string[] = [];
    try {
      await this.collect(folder, keys);
    } catch (error) {
      throw this.failure('list', prefix, error);
    }
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    const file = this.fileOf(key);
    try {
      await unlink(file);
    } catch (error) {
      if (ABSENT.has(codeOf(error))) return;
      throw this.failure('delete', key, error);
    }
  }

  private fileOf(key: string): string {
    return join(this.root, ...assertKey(key).split('/'));
  }

  /** Adds the keys of the files under `folder` (a key prefix without '/'), skipping names no key can have. */
  private async collect(folder: string, keys: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(folder === '' ? this.root : join(this.root, ...folder.split('/')), {
        withFileTypes: true,
      });
    } catch (error) {
      if (ABSENT.has(codeOf(error))) return;
      throw error;
    }
    for (const entry of entries) {
      if (!isSafeSegment(entry.name)) continue;
      const key = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (entry.isDirectory()) await this.collect(key, keys);
      else if (entry.isFile()) keys.push(key);
    }
  }

  private failure(operation: string, key: string, error: unknown): Error {
    const detail = error instanceof Error ? error.message : String(error);
    return new Error(`${this.description}: ${operation} '${key}' failed: ${detail}`, { cause: error });
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | null)?.code ?? '';
}

/**
 * A file's bytes in one read into a buffer of its size (objects never change once renamed into
 * place): readFile reads in 512 KiB chunks, each a trip through the thread pool, which for a
 * run's dataset or prepared designs (megabytes) takes half again as long.
 */
async function wholeFile(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === size ? bytes : bytes.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
