import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMovieTable } from '../src/data/readMovieTable.js';
import { preprocessMovies } from '../src/data/preprocessMovies.js';
import { encodeDesign, type EncodedDesign } from '../src/data/designCodec.js';
import type { TrialContext } from '../src/engine/trialProcessor.js';

export interface PreprocessResult {
  readonly sha256: string;
  readonly counts: { rows: number; rowsBudgetPositive: number; rowsNumeric: number; rowsCategorical: number };
  readonly numeric: EncodedDesign;
  readonly full: EncodedDesign;
  readonly reduced: EncodedDesign;
}

/** Reads the run's dataset from the store and applies the notebook's preprocessing. */
export async function preprocess(context: TrialContext): Promise<PreprocessResult> {
  const manifest = await context.manifest();
  const dir = await mkdtemp(join(tmpdir(), 'sweepflow-preprocess-'));
  try {
    // The reader streams from a file and names it in errors: give it the user's file name.
    const file = join(dir, manifest.dataset.file.split('/').pop() || 'movies.csv');
    await writeFile(file, await context.dataset());
    const table = await readMovieTable(file);
    const study = preprocessMovies(table.records);
    return {
      sha256: table.sha256,
      counts: {
        rows: study.rows,
        rowsBudgetPositive: study.rowsBudgetPositive,
        rowsNumeric: study.numeric.X.rows,
        rowsCategorical: study.full.X.rows,
      },
      numeric: encodeDesign(study.numeric),
      full: encodeDesign(study.full),
      reduced: encodeDesign(study.reduced),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
