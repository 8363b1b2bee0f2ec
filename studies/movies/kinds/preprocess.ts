import { z } from 'zod';
import { encodedRows } from '../../../src/data/designCodec.js';
import { defineJobKind } from '../../../src/engine/jobKind.js';
import { preprocessMovieFrame } from '../data/preprocessMovies.js';
import { readMovieFrame } from '../data/readMovieTable.js';
import type { PreparedTable } from '../../recipe/trialResults.js';
import { runDataset } from '../../recipe/runDataset.js';
import { TARGET } from '../data/movieFeatures.js';

/** Reads the run's dataset from the store and applies the notebook's preprocessing. */
export const preprocess = defineJobKind({
  name: 'preprocess',
  module: import.meta.url,
  params: z.strictObject({}),
  reads: [],
  async run(context): Promise<PreparedTable> {
    const table = await readMovieFrame(await runDataset(context));
    const study = preprocessMovieFrame(table.frame);
    return {
      sha256: table.sha256,
      target: TARGET,
      counts: {
        rows: study.rows,
        rowsBudgetPositive: study.rowsBudgetPositive,
        rowsNumeric: encodedRows(study.numeric),
        rowsCategorical: encodedRows(study.full),
      },
      numeric: study.numeric,
      olsDesigns: { full: study.full, reduced: study.reduced },
    };
  },
  metrics: (result) => ({ ...result.counts }),
});
