import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ObjectStore } from '../store/objectStore.js';
import { objectKey } from '../store/objectStore.js';

/** Copies a run's files (results.json, report.html, manifest.json, models/) into a folder. */
export async function exportRun(store: ObjectStore, runId: string, outDir: string): Promise<string[]> {
  const prefix = `${objectKey('runs', runId)}/`;
  const keys = (await store.list(prefix)).filter((key) => !key.startsWith(`${prefix}stages/`));
  const written: string[] = [];
  for (const key of keys) {
    const body = await store.get(key);
    if (body === null) continue;
    const target = join(outDir, key.slice(prefix.length));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, body);
    written.push(target);
  }
  return written;
}
