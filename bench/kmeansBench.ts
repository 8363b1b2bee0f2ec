/**
 * Wall time of the notebook's clustering models on df_num's six predictors scaled on all 9,017
 * rows: the K-Means scan of cell 37 (k = 2..10, n_init = 20, random_state 3001), one silhouette
 * score (the k = 4 labels) and one full PCA; ours and scikit-learn's (scripts/bench/model_timings.py)
 * measured in one run. Each figure is the median of `repeats` timed runs after a warm-up.
 *
 * Run: npx tsc -p tsconfig.json && node dist/bench/kmeansBench.js
 */
import { pathToFileURL } from 'node:url';
import type { NumericTable } from '../src/data/numericTable.js';
import { preprocessMovies } from '../studies/movies/data/preprocessMovies.js';
import { readMovieTable } from '../studies/movies/data/readMovieTable.js';
import { fitKMeans } from '../src/models/kmeans.js';
import { fitPca } from '../src/models/pca.js';
import { silhouetteScore } from '../src/models/silhouette.js';
import { applyStandardScaler, fitStandardScaler } from '../src/models/standardScaler.js';
import { medianMs } from './median.js';
import { runPythonBench } from './pythonBench.js';

const SCAN_K = [2, 3, 4, 5, 6, 7, 8, 9, 10];
const N_INIT = 20;
const SEED = 3001;
/** PCA of 9,017 × 6 takes milliseconds: each timed run fits it this many times. */
const PCA_BATCH = 20;

export interface KmeansBenchResult {
  rows: number;
  repeats: number;
  ours: { scanMs: number; silhouetteMs: number; pcaMs: number };
  /** null when /usr/bin/python3 with scikit-learn is not available. */
  sklearn: { scanMs: number; silhouetteMs: number; pcaMs: number; version: string; threads: Record<string, number> } | null;
}

interface SklearnTimings {
  sklearn: string;
  threads: Record<string, number>;
  kmeans_scan_ms: number;
  silhouette_ms: number;
  pca_ms: number;
}

export async function benchKmeans(options: { dataPath?: string; repeats?: number } = {}): Promise<KmeansBenchResult> {
  const { dataPath = 'data/movies.csv', repeats = 3 } = options;
  const X = await scaledNumericRows(dataPath);

  // A short fit warms the JIT; a full extra scan would only add a minute of waiting.
  const scanMs = medianMs(repeats, () => scan(X), () => fitKMeans(X, { k: 4, nInit: 2, randomState: SEED }));
  const labels = fitKMeans(X, { k: 4, nInit: N_INIT, randomState: SEED }).labels;
  const silhouetteMs = medianMs(repeats, () => silhouetteScore(X, labels));
  const pcaMs = medianMs(repeats, () => {
    for (let i = 0; i < PCA_BATCH; i++) fitPca(X);
  }) / PCA_BATCH;

  const python = await runPythonBench<SklearnTimings>('model_timings.py', [
    '--repeats', String(repeats), '--only', 'kmeans,silhouette,pca',
  ]);
  return {
    rows: X.rows,
    repeats,
    ours: { scanMs, silhouetteMs, pcaMs },
    sklearn: python && {
      scanMs: python.kmeans_scan_ms,
      silhouetteMs: python.silhouette_ms,
      pcaMs: python.pca_ms,
      version: python.sklearn,
      threads: python.threads,
    },
  };
}

function scan(X: NumericTable): void {
  for (const k of SCAN_K) fitKMeans(X, { k, nInit: N_INIT, randomState: SEED });
}

/** The notebook's K-Means and PCA input: df_num's predictors, StandardScaler fit on every row. */
async function scaledNumericRows(dataPath: string): Promise<NumericTable> {
  const { records } = await readMovieTable(dataPath);
  const { X } = preprocessMovies(records).numeric;
  return applyStandardScaler(fitStandardScaler(X), X);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchKmeans(), null, 2));
}
