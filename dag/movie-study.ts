import { NUMERIC_FEATURES } from '../src/data/movieFeatures.js';
import type { DagDef, StageDef, TrialParams } from '../src/engine/dag.js';
import { describeConfigError, studyConfigSchema, type StudyConfig } from './studyConfig.js';

/**
 * The movie study as data: the notebook's grids and seeds, and the stages that run them.
 *
 * preprocess ─┬─ ols ×3 ───────────────────────────────────────────────┐
 *             ├─ knn-curve (k scan, uniform euclidean)                  │
 *             ├─ knn-explain per feature (importance of KNN(explainK))   │
 *             ├─ knn-table per (metric, fold) ─▶ knn-cell per (k, metric) ─▶ knn-final ─▶ knn-importance per feature ─┤
 *             ├─ mlp per (hidden, alpha) + baseline ─▶ mlp-final ───────┤
 *             ├─ kmeans per k + base + tuned ─┐                          │
 *             └─ pca ─────────────────────────┴─▶ kmeans-pca ────────────┴─▶ compare
 */
export const STUDY = 'movie-study';

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
export type Profile = keyof typeof PROFILES;

/** A profile with a user's overrides (study.json) merged in and validated. */
export function studyConfig(profile: Profile, overrides: unknown = {}): StudyConfig {
  const parsed = studyConfigSchema.safeParse(mergeDeep(PROFILES[profile], overrides));
  if (!parsed.success) throw new Error(`invalid study config: ${describeConfigError(parsed.error)}`);
  return parsed.data;
}

export function movieStudy(config: StudyConfig): DagDef {
  const { knn, mlp, kmeans } = config;
  const stage = (name: string, kind: string, trials: TrialParams[], needs: string[] = ['preprocess']): StageDef => ({
    name,
    kind,
    trials,
    needs,
  });
  return {
    study: STUDY,
    stages: [
      stage('preprocess', 'preprocess', [{}], []),
      stage('ols', 'ols', [{ design: 'full' }, { design: 'numeric' }, { design: 'reduced' }]),
      stage('knn-curve', 'knn-curve', [{ kMax: knn.curveK, explainK: knn.explainK }]),
      stage('knn-explain', 'knn-importance', NUMERIC_FEATURES.map((feature) => ({ model: 'untuned', feature }))),
      stage(
        'knn-table',
        'knn-table',
        knn.metric.flatMap((metric) => range(0, knn.folds - 1).map((fold) => ({ metric, fold, kMax: Math.max(...knn.k) }))),
      ),
      stage(
        'knn-cell',
        'knn-cell',
        knn.metric.flatMap((metric) => knn.k.map((k) => ({ k, metric }))),
        ['preprocess', 'knn-table'],
      ),
      stage('knn-final', 'knn-final', [{}], ['preprocess', 'knn-cell']),
      stage(
        'knn-importance',
        'knn-importance',
        NUMERIC_FEATURES.map((feature) => ({ model: 'tuned', feature })),
        ['preprocess', 'knn-final'],
      ),
      stage('mlp', 'mlp', [
        { hidden: mlp.baseline.hidden, alpha: mlp.baseline.alpha, split: 'baseline' },
        ...mlp.hidden.flatMap((hidden) => mlp.alpha.map((alpha) => ({ hidden, alpha, split: 'grid' }))),
      ]),
      stage('mlp-final', 'mlp-final', [{}], ['preprocess', 'mlp']),
      stage('kmeans', 'kmeans', [
        ...kmeans.k.map((k) => ({ k, randomState: kmeans.randomState, role: 'scan' })),
        { k: kmeans.base.k, randomState: kmeans.base.randomState, role: 'base' },
        { k: kmeans.tunedK, randomState: kmeans.randomState, role: 'tuned' },
      ]),
      stage('pca', 'pca', [{}]),
      stage('kmeans-pca', 'kmeans-pca', [{ k: kmeans.tunedK, components: kmeans.pcaComponents }], ['pca', 'kmeans']),
      {
        ...stage('compare', 'compare', [{}], [
          'preprocess',
          'ols',
          'knn-curve',
          'knn-explain',
          'knn-final',
          'knn-importance',
          'mlp',
          'mlp-final',
          'kmeans',
          'pca',
          'kmeans-pca',
        ]),
        perRun: true,
      },
    ],
  };
}

function mergeDeep(base: unknown, overrides: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides === undefined ? base : overrides;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) merged[key] = mergeDeep(base[key], value);
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
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
  const kMax = Math.max(...config.knn.k, config.knn.curveK, config.knn.explainK);
  if (kMax > foldTrain) return `knn k=${kMax} is larger than the smallest training fold (${foldTrain} rows)`;
  const clusters = Math.max(...config.kmeans.k, config.kmeans.base.k, config.kmeans.tunedK);
  if (clusters > numericRows) return `kmeans k=${clusters} is larger than the ${numericRows} rows`;
  return null;
}
