import { stageOf, type StageDef } from '../../src/engine/dag.js';
import type { z } from 'zod';
import type { JobKind } from '../../src/engine/jobKind.js';
import type { StudyConfig } from './recipeConfig.js';

type SplitSettings = { split: StudyConfig['split'] };
import { kmeans as kmeansKind } from './kinds/kmeans.js';
import { kmeansPca } from './kinds/kmeansPca.js';
import { knnCell } from './kinds/knnCell.js';
import { knnCurve } from './kinds/knnCurve.js';
import { knnFinal } from './kinds/knnFinal.js';
import { knnImportance } from './kinds/knnImportance.js';
import { knnTable } from './kinds/knnTable.js';
import { mlp as mlpKind } from './kinds/mlp.js';
import { mlpFinal } from './kinds/mlpFinal.js';
import { ols } from './kinds/ols.js';
import { pca } from './kinds/pca.js';

/**
 * The notebook's recipe as data: its grids and seeds, and the stages that run them on a
 * study's prepared table (its own preprocess and compare kinds).
 *
 * preprocess ─┬─ ols per design ─────────────────────────────────────────────┐
 *             ├─ knn-curve (k scan, uniform euclidean)                  │
 *             ├─ knn-explain per feature (importance of KNN(explainK))   │
 *             ├─ knn-table per (metric, fold) ─▶ knn-cell per (k, metric) ─▶ knn-final ─▶ knn-importance per feature ─┤
 *             ├─ mlp per (hidden, alpha) + baseline ─▶ mlp-final ───────┤
 *             ├─ kmeans per k + base + tuned ─┐                          │
 *             └─ pca ─────────────────────────┴─▶ kmeans-pca ────────────┴─▶ compare
 */

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The notebook's values: `--profile seed`. */
export const SEED_CONFIG: StudyConfig = {
  split: { testSize: 0.25, randomState: 3001 },
  knn: {
    k: range(1, 50),
    weights: ['uniform', 'distance'],
    metric: ['euclidean', 'manhattan'],
    folds: 5,
    curveK: 50,
    // The notebook explains KNN(k=8) (its prose's pick) with 10 permutation repeats.
    explainK: 8,
    explainRepeats: 10,
    importanceRepeats: 20,
  },
  mlp: {
    hidden: [[16], [32], [64], [32, 16], [64, 32]],
    alpha: [0.0001, 0.001, 0.01],
    maxIter: 500,
    randomState: 3001,
    baseline: { hidden: [32], alpha: 0.0001, testSize: 0.2 },
    // The notebook trains its final MLP as (64,), alpha 1e-4, whatever the grid's best.
    final: { hidden: [64], alpha: 0.0001 },
    importanceRepeats: 20,
  },
  kmeans: {
    k: range(2, 10),
    nInit: 20,
    randomState: 3001,
    base: { k: 3, randomState: 6021 },
    tunedK: 4,
    pcaComponents: 3,
  },
};

/** Small grids and few epochs for smoke runs: `--profile quick`. */
export const QUICK_CONFIG: StudyConfig = {
  ...SEED_CONFIG,
  knn: { ...SEED_CONFIG.knn, k: range(1, 6), curveK: 6, explainK: 3, explainRepeats: 2, importanceRepeats: 2 },
  mlp: {
    ...SEED_CONFIG.mlp,
    hidden: [[8], [16]],
    alpha: [0.001],
    maxIter: 15,
    baseline: { hidden: [8], alpha: 0.0001, testSize: 0.2 },
    final: 'best',
    importanceRepeats: 2,
  },
  kmeans: { ...SEED_CONFIG.kmeans, k: [2, 3, 4], nInit: 2 },
};

export const PROFILES = { seed: SEED_CONFIG, quick: QUICK_CONFIG } as const;

/** What a study brings to the recipe: its table's preparation, its gathering, and what they yield. */
export interface RecipeStudyParts {
  /** The stage that prepares the table: its kind stores a PreparedTable (trialResults.ts). */
  readonly preprocess: StageDef;
  /** Gathers every stage into the study's results.json; takes the `split` setting. */
  readonly compare: JobKind<z.ZodType<SplitSettings, SplitSettings>>;
  /** The numeric design's columns: one importance trial each. */
  readonly features: readonly string[];
  /** The designs OLS fits, in results.json's order: 'numeric' and the preparation's olsDesigns. */
  readonly olsDesigns: readonly string[];
  /** Principal components KMeans is refitted on: the config's, or fewer when the design has fewer columns. */
  readonly pcaComponents: number;
}

/**
 * The notebook's stages for a config: the grids are the trials, each stage's settings the part
 * of the config its kind reads (so they are part of its content keys), and the needs are each
 * kind's own unless fewer are named.
 */
export function recipeStages(config: StudyConfig, parts: RecipeStudyParts): StageDef[] {
  const { split, knn, mlp, kmeans } = config;
  const { preprocess, compare, features } = parts;
  const training = { split, maxIter: mlp.maxIter, randomState: mlp.randomState, importanceRepeats: mlp.importanceRepeats };
  return [
    preprocess,
    stageOf(ols, { trials: parts.olsDesigns.map((design) => ({ design })) }),
    stageOf(knnCurve, { trials: [{ kMax: knn.curveK, explainK: knn.explainK }], settings: { split } }),
    stageOf(knnImportance, {
      name: 'knn-explain',
      trials: features.map((feature) => ({ model: 'untuned' as const, feature })),
      settings: { k: knn.explainK, split, nRepeats: knn.explainRepeats },
      needs: ['preprocess'],
    }),
    stageOf(knnTable, {
      trials: knn.metric.flatMap((metric) => range(0, knn.folds - 1).map((fold) => ({ metric, fold, kMax: Math.max(...knn.k) }))),
      settings: { split, folds: knn.folds },
    }),
    stageOf(knnCell, {
      trials: knn.metric.flatMap((metric) => knn.k.map((k) => ({ k, metric }))),
      settings: { split, folds: knn.folds, weights: knn.weights },
    }),
    stageOf(knnFinal, { settings: { split, grid: { k: knn.k, weights: knn.weights, metric: knn.metric }, curveK: knn.curveK } }),
    stageOf(knnImportance, {
      trials: features.map((feature) => ({ model: 'tuned' as const, feature })),
      settings: { split, nRepeats: knn.importanceRepeats },
    }),
    stageOf(mlpKind, {
      trials: [
        { hidden: mlp.baseline.hidden, alpha: mlp.baseline.alpha, role: 'baseline' as const },
        ...mlp.hidden.flatMap((hidden) => mlp.alpha.map((alpha) => ({ hidden, alpha, role: 'grid' as const }))),
      ],
      settings: { ...training, baselineTestSize: mlp.baseline.testSize },
    }),
    stageOf(mlpFinal, { settings: { ...training, final: mlp.final } }),
    stageOf(kmeansKind, {
      trials: [
        ...kmeans.k.map((k) => ({ k, randomState: kmeans.randomState, role: 'scan' as const })),
        { k: kmeans.base.k, randomState: kmeans.base.randomState, role: 'base' as const },
        { k: kmeans.tunedK, randomState: kmeans.randomState, role: 'tuned' as const },
      ],
      settings: { nInit: kmeans.nInit },
    }),
    stageOf(pca, {}),
    stageOf(kmeansPca, {
      trials: [{ k: kmeans.tunedK, components: parts.pcaComponents }],
      settings: { nInit: kmeans.nInit, randomState: kmeans.randomState },
    }),
    stageOf(compare, { settings: { split } }),
  ];
}

/** Too few rows for any study: a problem of the table. Returns one line, or null. */
export function studyRowsProblem(numericRows: number): string | null {
  if (numericRows >= 10) return null;
  return `only ${numericRows} rows have every numeric column after filtering; the study needs at least 10`;
}

/**
 * What the grids must fit in, e.g. k no larger than the smallest training fold: a problem
 * of the config. Returns one line, or null.
 */
export function studyGridProblem(config: StudyConfig, numericRows: number): string | null {
  const train = numericRows - Math.ceil(config.split.testSize * numericRows);
  const foldTrain = train - Math.ceil(train / config.knn.folds);
  if (train < config.knn.folds) return `the ${train} training rows cannot make ${config.knn.folds} folds`;
  const kMax = Math.max(...config.knn.k, config.knn.curveK, config.knn.explainK);
  if (kMax > foldTrain) return `knn k=${kMax} is larger than the smallest training fold (${foldTrain} rows)`;
  const clusters = Math.max(...config.kmeans.k, config.kmeans.base.k, config.kmeans.tunedK);
  if (clusters > numericRows) return `kmeans k=${clusters} is larger than the ${numericRows} rows`;
  return null;
}
