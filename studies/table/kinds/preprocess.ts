import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeDesign } from '../../../src/data/designCodec.js';
import { readCsvTable } from '../../../src/data/readCsvTable.js';
import { defineJobKind } from '../../../src/engine/jobKind.js';
import type { PreparedTable } from '../../recipe/trialResults.js';
import { prepareTable } from '../data/prepareTable.js';
import { tableSpecSchema } from '../tableConfig.js';

/** Reads the run's dataset from the store and prepares its designs as the config's table spec says. */
export const preprocess = defineJobKind({
  name: 'preprocess',
  module: import.meta.url,
  params: tableSpecSchema,
  reads: [],
  async run(context): Promise<PreparedTable> {
    const manifest = await context.manifest();
    const dir = await mkdtemp(join(tmpdir(), 'sweepflow-preprocess-'));
    try {
      // The reader streams from a file and names it in errors: give it the user's file name.
      const file = join(dir, manifest.dataset.file.split('/').pop() || 'table.csv');
      await writeFile(file, await context.dataset());
      const table = await readCsvTable(file);
      const prepared = prepareTable(table, context.params);
      return {
        sha256: table.sha256,
        target: prepared.target,
        counts: prepared.counts,
        numeric: encodeDesign(prepared.numeric),
        olsDesigns: prepared.full === undefined ? {} : { full: encodeDesign(prepared.full) },
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
  metrics: (result) => ({ ...result.counts }),
});
