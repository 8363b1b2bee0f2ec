import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runKeys } from '../engine/runLayout.js';
import { writeRunReport } from '../report/writeReport.js';
import { assertSafeId } from '../store/objectStore.js';
import { cliStore } from './cliEnvironment.js';

export interface ReportOptions {
  readonly out?: string;
}

/** `sweepflow report <runId>`: renders report.html into the store and, with --out, into a folder. */
export async function reportCommand(runId: string, options: ReportOptions): Promise<number> {
  assertSafeId(runId, 'run id');
  const store = cliStore();
  const html = await writeRunReport(store, runId);
  console.log(`wrote ${runKeys.report(runId)} in ${store.description}`);
  if (options.out !== undefined) {
    await mkdir(options.out, { recursive: true });
    const file = join(options.out, 'report.html');
    await writeFile(file, html);
    console.log(`wrote ${file}`);
  }
  return 0;
}
