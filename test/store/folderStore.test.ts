import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../../src/store/folderStore.js';

let parent: string;
beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'sweepflow-folderstore-'));
});
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

/** Every file under `dir`, as '/'-joined paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name).slice(dir.length + 1))
    .sort();
}

describe('FolderStore', () => {
  it('keeps objects as plain files at their key under the root', async () => {
    const root = join(parent, 'plain');
    const store = new FolderStore(root);
    await store.putJson('runs/r1/results.json', { rmse: 0.75 });
    expect(JSON.parse(await readFile(join(root, 'runs', 'r1', 'results.json'), 'utf8'))).toEqual({ rmse: 0.75 });
    expect(store.description).toBe(`folder ${resolve(root)}`);
  });

  it('resolves a relative root to an absolute one', () => {
    const store = new FolderStore('relative/store');
    expect(store.root).toBe(resolve('relative/store'));
    expect(store.description).toBe(`folder ${resolve('relative/store')}`);
  });

  it('refuses an empty root', () => {
    expect(() => new FolderStore('  ')).toThrow('folder store root is empty');
  });

  it('leaves no temporary files behind after many writes, including rewrites of one key', async () => {
    const root = join(parent, 'atomic');
    const store = new FolderStore(root);
    const writes = Array.from({ length: 40 }, (_, i) =>
      i % 4 === 0 ? store.put('runs/r1/results.json', `{"version": ${i}}`) : store.put(`cache/c${i}.json`, `${i}`),
    );
    await Promise.all(writes);
    const files = await filesUnder(root);
    expect(files).toHaveLength(31);
    expect(files.filter((file) => file.includes('~'))).toEqual([]);
    expect(JSON.parse((await store.get('runs/r1/results.json'))!.toString())).toHaveProperty('version');
  });

  it('never shows a dead writer’s temporary file as an object', async () => {
    const root = join(parent, 'crashed');
    const store = new FolderStore(root);
    await mkdir(join(root, 'runs', 'r1'), { recursive: true });
    await writeFile(join(root, 'runs', 'r1', 'results.json.~4242-0a1b2c3d4e5f'), '{"rmse": 0.7');
    await writeFile(join(root, 'runs', 'r1', 'editor backup'), 'junk');
    expect(await store.get('runs/r1/results.json')).toBeNull();
    expect(await store.exists('runs/r1/results.json')).toBe(false);
    expect(await store.list('runs')).toEqual([]);
    await store.put('runs/r1/results.json', '{"rmse": 0.7}');
    expect(await store.list('runs')).toEqual(['runs/r1/results.json']);
  });

  it('cleans up and names the key when a write cannot land', async () => {
    const root = join(parent, 'blocked');
    const store = new FolderStore(root);
    // A folder where the object should go makes the final rename fail.
    await mkdir(join(root, 'runs', 'r1', 'results.json'), { recursive: true });
    await expect(store.put('runs/r1/results.json', '{}')).rejects.toThrow(
      new RegExp(`^folder ${resolve(root).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: put 'runs/r1/results.json' failed: `),
    );
    expect(await readdir(join(root, 'runs', 'r1'))).toEqual(['results.json']);
  });

  it('lists nothing for a store whose root does not exist yet', async () => {
    const store = new FolderStore(join(parent, 'not-created'));
    expect(await store.list('')).toEqual([]);
    expect(await store.get('runs/r1/results.json')).toBeNull();
  });
});
