import { encodeDesign } from '../../../src/data/designCodec.js';
import { readCsvTable } from '../../../src/data/readCsvTable.js';
import { defineJobKind } from '../../../src/engine/jobKind.js';
import type { PreparedTable } from '../../recipe/trialResults.js';
import { runDataset } from '../../recipe/runDataset.js';
import { prepareTable } from '../data/prepareTable.js';
import { tableSpecSchema } from '../tableConfig.js';

/** Reads the run's dataset from the store and prepares its designs as the config's table spec says. */
export const preprocess = defineJobKind({
  name: 'preprocess',
  module: import.meta.url,
  params: tableSpecSchema,
  reads: [],
  async run(context): Promise<PreparedTable> {
    const table = await readCsvTable(await runDataset(context));
    const prepared = prepareTable(table, context.params);
    return {
      sha256: table.sha256,
      target: prepared.target,
      counts: prepared.counts,
      numeric: encodeDesign(prepared.numeric),
      olsDesigns: prepared.full === undefined ? {} : { full: encodeDesign(prepared.full) },
    };
  },
  metrics: (result) => ({ ...result.counts }),
});
