import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { encodeDesign } from '../../../src/data/designCodec.js';
import { defineJobKind } from '../../../src/engine/jobKind.js';
import { preprocessMovies } from '../data/preprocessMovies.js';
import { readMovieTable } from '../data/readMovieTable.js';
import type { PreparedTable } from '../../recipe/trialResults.js';
import { TARGET } from '../data/movieFeatures.js';

/** Reads the run's dataset from the store and applies the notebook's preprocessing. */
export const preprocess = defineJobKind({
  name: 'preprocess',
  module: import.meta.url,
  params: z.strictObject({}),
  reads: [],
  async run(context): Promise<PreparedTable> {
    const manifest = await context.manifest();
    const dir = await mkdtemp(join(tmpdir(), 'sweepflow-preprocess-'));
    try {
      // The reader streams from a file and names it in errors: give it the user's file name.
      const file = join(dir, manifest.dataset.file.split('/').pop() || 'table.csv');
      await writeFile(file, await context.dataset());
      const table = await readMovieTable(file);
      const study = preprocessMovies(table.records);
      return {
        sha256: table.sha256,
        target: TARGET,
        counts: {
          rows: study.rows,
          rowsBudgetPositive: study.rowsBudgetPositive,
          rowsNumeric: study.numeric.X.rows,
          rowsCategorical: study.full.X.rows,
        },
        numeric: encodeDesign(study.numeric),
        olsDesigns: { full: encodeDesign(study.full), reduced: encodeDesign(study.reduced) },
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
  metrics: (result) => ({ ...result.counts }),
});
