/**
 * The sub-second stages' computation alone, in this process, on the scale bench's table: what
 * Python's timed blocks cover (scripts/bench/notebook_study.py), without the fixed costs a
 * trial also pays (its job's start, reading and decoding the upstream result from the store,
 * encoding and writing its own). Beside each stage's Σ trial time, it shows how much of that
 * is the stage's work and how much the trial's.
 */
import { fitOls } from '../src/models/ols.js';
import { fitPca, transformPca } from '../src/models/pca.js';
import { decodeMovies, preprocessMovieFrame } from '../studies/movies/data/preprocessMovies.js';
import { readMovieFrame } from '../studies/movies/data/readMovieTable.js';
import { scaledAll } from '../studies/recipe/kinds/recipeInputs.js';
import { median } from './median.js';

/** Stages whose trials are mostly fixed cost at these sizes. */
export const COMPUTE_ONLY_STAGES = ['preprocess', 'ols', 'pca'] as const;
export type ComputeOnlyStage = (typeof COMPUTE_ONLY_STAGES)[number];

/**
 * Median ms of `repeats` runs of each stage's computation: preprocess reads the CSV and
 * prepares the designs; ols fits the three designs; pca scales the numeric predictors, fits
 * every component and takes the first three scores (the pca trial's work).
 */
export async function computeOnlyTimes(dataPath: string, repeats = 3): Promise<Record<ComputeOnlyStage, number>> {
  const preprocess: number[] = [];
  const ols: number[] = [];
  const pca: number[] = [];
  for (let r = 0; r < repeats; r++) {
    let start = performance.now();
    const encoded = preprocessMovieFrame((await readMovieFrame(dataPath)).frame);
    preprocess.push(performance.now() - start);
    // The stage stores its designs encoded; the models' stages decode them (not timed here either).
    const study = decodeMovies(encoded);
    start = performance.now();
    for (const design of [study.full, study.numeric, study.reduced]) fitOls(design.X, design.y);
    ols.push(performance.now() - start);
    start = performance.now();
    const { X } = scaledAll(study.numeric);
    const model = fitPca(X);
    transformPca(model, X, Math.min(3, model.components.length));
    pca.push(performance.now() - start);
  }
  return { preprocess: median(preprocess), ols: median(ols), pca: median(pca) };
}
