import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../../src/store/folderStore.js';
import type { ObjectStore } from '../../src/store/objectStore.js';
import { S3Store } from '../../src/store/s3Store.js';
import { startS3Server, type S3TestServer } from '../support/s3Server.js';

/** A backend under test: opened once per suite, closed after it. */
interface Backend {
  readonly name: string;
  open(): Promise<ObjectStore>;
  close(): Promise<void>;
}

function folderBackend(): Backend {
  let parent = '';
  return {
    name: 'FolderStore',
    async open() {
      parent = await mkdtemp(join(tmpdir(), 'sweepflow-folder-'));
      return new FolderStore(join(parent, 'root'));
    },
    close: () => rm(parent, { recursive: true, force: true }),
  };
}

function s3Backend(): Backend {
  let server: S3TestServer | undefined;
  return {
    name: 'S3Store',
    async open() {
      server = await startS3Server();
      const { endpoint, accessKey, secretKey, bucket } = server;
      return new S3Store({ endpoint, accessKey, secretKey, bucket, retry: { budgetMs: 5_000 } });
    },
    close: async () => server?.stop(),
  };
}

describe.each([folderBackend(), s3Backend()])('ObjectStore contract: $name', (backend) => {
  let store: ObjectStore;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(() => backend.close());

  it('stores and reads back a string, and reports presence', async () => {
    await store.put('put/r1/notes.txt', 'héllo wörld\n');
    expect((await store.get('put/r1/notes.txt'))?.toString('utf8')).toBe('héllo wörld\n');
    expect(await store.exists('put/r1/notes.txt')).toBe(true);
  });

  it('answers null and false for an absent key, including a folder-like prefix', async () => {
    await store.put('absent/r1/x.json', '{}');
    expect(await store.get('absent/r1/missing.json')).toBeNull();
    expect(await store.getJson('absent/r1/missing.json')).toBeNull();
    expect(await store.exists('absent/r1/missing.json')).toBe(false);
    expect(await store.get('absent/r1')).toBeNull();
    expect(await store.exists('absent/r1')).toBe(false);
    expect(await store.get('absent/r1/x.json/deeper')).toBeNull();
  });

  it('keeps binary data intact', async () => {
    const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const noise = randomBytes(200_000);
    await store.put('binary/every-byte.bin', everyByte);
    await store.put('binary/noise.bin', noise);
    expect((await store.get('binary/every-byte.bin'))?.equals(everyByte)).toBe(true);
    expect((await store.get('binary/noise.bin'))?.equals(noise)).toBe(true);
  });

  it('stores an empty object as empty, not absent', async () => {
    await store.put('empty/zero.bin', Buffer.alloc(0));
    const body = await store.get('empty/zero.bin');
    expect(body).not.toBeNull();
    expect(body?.length).toBe(0);
    expect(await store.exists('empty/zero.bin')).toBe(true);
  });

  it('replaces an object on a second put', async () => {
    await store.put('replace/x.txt', 'first, longer value');
    await store.put('replace/x.txt', 'second');
    expect((await store.get('replace/x.txt'))?.toString()).toBe('second');
  });

  it('round-trips JSON', async () => {
    const results = { runId: 'r1', rmse: 0.1 + 0.2, r2: -1e-12, folds: [1, 2, 3], model: { alpha: 0.001, name: 'ridge' } };
    await store.putJson('json/r1/results.json', results);
    expect(await store.getJson<typeof results>('json/r1/results.json')).toEqual(results);
    await store.put('json/r1/broken.json', '{"rmse": ');
    await expect(store.getJson('json/r1/broken.json')).rejects.toThrow(/^object 'json\/r1\/broken.json' is not valid JSON/);
  });

  it('lists keys under a prefix recursively and sorted, not siblings sharing its first letters', async () => {
    await Promise.all(
      ['list/runs/r1/results.json', 'list/runs/r1/stages/b.json', 'list/runs/r1/stages/a.json', 'list/runs/r10/results.json'].map(
        (key) => store.put(key, key),
      ),
    );
    const r1 = ['list/runs/r1/results.json', 'list/runs/r1/stages/a.json', 'list/runs/r1/stages/b.json'];
    expect(await store.list('list/runs/r1')).toEqual(r1);
    expect(await store.list('list/runs/r1/')).toEqual(r1);
    expect(await store.list('list/runs')).toEqual([...r1, 'list/runs/r10/results.json']);
    expect(await store.list('list/runs/r2')).toEqual([]);
    expect(await store.list('list/runs/r1/results.json')).toEqual([]);
    const everything = await store.list('');
    expect(everything).toEqual([...everything].sort());
    expect(everything).toEqual(expect.arrayContaining([...r1, 'put/r1/notes.txt']));
  });

  it('deletes, and deleting an absent key is not an error', async () => {
    await store.put('delete/a.txt', 'a');
    await store.put('delete/b.txt', 'b');
    await store.delete('delete/a.txt');
    await store.delete('delete/a.txt');
    await store.delete('delete/never-there.txt');
    expect(await store.get('delete/a.txt')).toBeNull();
    expect(await store.exists('delete/a.txt')).toBe(false);
    expect(await store.list('delete')).toEqual(['delete/b.txt']);
  });

  it('takes concurrent writes to different keys', async () => {
    const keys = Array.from({ length: 24 }, (_, i) => `concurrent/k${String(i).padStart(2, '0')}.json`);
    await Promise.all(keys.map((key, i) => store.putJson(key, { i })));
    expect(await store.list('concurrent')).toEqual(keys);
    expect(await Promise.all(keys.map((key) => store.getJson<{ i: number }>(key)))).toEqual(keys.map((_, i) => ({ i })));
  });

  it.each(['../x', 'a//b', 'a/../b', '/etc/passwd', 'a/', '', 'run 1/x', 'a\\b'])(
    'rejects the key %j in every operation',
    async (key) => {
      await expect(store.put(key, 'x')).rejects.toThrow(/^invalid object key/);
      await expect(store.putJson(key, {})).rejects.toThrow(/^invalid object key/);
      await expect(store.get(key)).rejects.toThrow(/^invalid object key/);
      await expect(store.getJson(key)).rejects.toThrow(/^invalid object key/);
      await expect(store.exists(key)).rejects.toThrow(/^invalid object key/);
      await expect(store.delete(key)).rejects.toThrow(/^invalid object key/);
    },
  );

  it('rejects a prefix that climbs out', async () => {
    await expect(store.list('../')).rejects.toThrow(/^invalid object key prefix/);
    await expect(store.list('/')).rejects.toThrow(/^invalid object key prefix/);
  });

  it('wrote nothing outside its root for rejected keys', async () => {
    if (!(store instanceof FolderStore)) return;
    expect(await readdir(dirname(store.root))).toEqual(['root']);
  });
});
