import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runKeys } from '../engine/runLayout.js';
import { readManifest } from '../engine/runStore.js';
import { assertSafeId } from '../store/objectStore.js';
import { SweepflowError } from '../sweepflowError.js';
import { cliStore } from './cliEnvironment.js';
import { studyOfRun } from '../api/studyModules.js';

export interface ReportOptions {
  readonly out?: string;
}

/** `sweepflow report <runId>`: renders the run's study report into the store and, with --out, into a folder. */
export async function reportCommand(runId: string, options: ReportOptions): Promise<number> {
  assertSafeId(runId, 'run id');
  const store = cliStore();
  const manifest = await readManifest(store, runId);
  const { study } = await studyOfRun(manifest);
  if (study.report === undefined) throw new SweepflowError(`study '${study.id}' has no report`);
  const html = await study.report({ store, manifest });
  await store.put(runKeys.report(runId), html, 'text/html; charset=utf-8');
  console.log(`wrote ${runKeys.report(runId)} in ${store.description}`);
  if (options.out !== undefined) {
    await mkdir(options.out, { recursive: true });
    const file = join(options.out, 'report.html');
    await writeFile(file, html);
    console.log(`wrote ${file}`);
  }
  return 0;
}
