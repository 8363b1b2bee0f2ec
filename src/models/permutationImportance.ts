import type { NumericTable } from '../data/numericTable.js';
import { NumpyRandomState } from '../data/numpyRandomState.js';
import { r2 } from './metrics.js';

export interface PermutationImportanceOptions {
  readonly nRepeats: number;
  readonly randomState: number;
  /** Higher is better; defaults to r2, a regressor's default score. */
  readonly score?: (actual: Float64Array, predicted: Float64Array) => number;
}

export interface PermutationImportance {
  readonly baselineScore: number;
  /** Per column: mean of the importances over repeats. */
  readonly importancesMean: number[];
  /** Per column: population standard deviation (ddof 0) over repeats. */
  readonly importancesStd: number[];
  /** columns × nRepeats: baseline score minus the score with the column permuted. */
  readonly importances: number[][];
}

/** 2**31: numpy's np.iinfo(np.int32).max + 1. */
const SEED_BOUND = 2 ** 31;

/**
 * sklearn.inspection.permutation_importance (scikit-learn 1.2, max_samples=1.0),
 * draw for draw: one seed is drawn from RandomState(randomState); every column
 * then starts from an unpermuted copy of X and a fresh RandomState(seed) that
 * shuffles one row-index array in place before each repeat. The column is
 * re-permuted by that array on top of the previous repeat's permutation, as
 * sklearn's `X[:, col] = X[shuffling_idx, col]` does.
 */
export function permutationImportance(
  predict: (X: NumericTable) => Float64Array,
  X: NumericTable,
  y: Float64Array,
  options: PermutationImportanceOptions,
): PermutationImportance {
  const { seed, baselineScore } = startPermutations(predict, X, y, options);
  const importances = X.columns.map((_, j) => columnDrops(predict, X, y, j, seed, baselineScore, options));
  return {
    baselineScore,
    importancesMean: importances.map(mean),
    importancesStd: importances.map(populationStd),
    importances,
  };
}

export interface ColumnImportance {
  readonly baselineScore: number;
  readonly mean: number;
  readonly std: number;
  /** nRepeats drops in score. */
  readonly importances: number[];
}

/**
 * One column's part of permutationImportance, draw for draw the same: columns are independent
 * (each starts from a fresh RandomState(seed)), so they can be computed apart and in parallel.
 */
export function columnPermutationImportance(
  predict: (X: NumericTable) => Float64Array,
  X: NumericTable,
  y: Float64Array,
  column: number,
  options: PermutationImportanceOptions,
  start: PermutationStart = startPermutations(predict, X, y, options),
): ColumnImportance {
  if (!Number.isInteger(column) || column < 0 || column >= X.columns.length) {
    throw new Error(`column must be an index below ${X.columns.length}, got ${column}`);
  }
  const { seed, baselineScore } = start;
  const importances = columnDrops(predict, X, y, column, seed, baselineScore, options);
  return { baselineScore, mean: mean(importances), std: populationStd(importances), importances };
}

/** What every column's permutations share: the seed they start from and the unpermuted score. */
export interface PermutationStart {
  readonly seed: number;
  readonly baselineScore: number;
}

/**
 * Checks the inputs, draws the columns' shared seed and scores the unpermuted data: once per
 * model and data, as sklearn does, when columns are computed apart (columnPermutationImportance).
 */
export function startPermutations(
  predict: (X: NumericTable) => Float64Array,
  X: NumericTable,
  y: Float64Array,
  { nRepeats, randomState, score = r2 }: PermutationImportanceOptions,
): PermutationStart {
  if (!Number.isInteger(nRepeats) || nRepeats < 1) {
    throw new Error(`nRepeats must be an integer >= 1, got ${nRepeats}`);
  }
  if (!Number.isInteger(randomState) || randomState < 0 || randomState > 0xffffffff) {
    throw new Error(`randomState must be an integer between 0 and 2**32 - 1, got ${randomState}`);
  }
  if (X.rows === 0) throw new Error('permutation importance needs at least one row');
  if (y.length !== X.rows) throw new Error(`y has ${y.length} values, X has ${X.rows} rows`);
  return { seed: new NumpyRandomState(randomState).randint(0, SEED_BOUND), baselineScore: score(y, predict(X)) };
}

function columnDrops(
  predict: (X: NumericTable) => Float64Array,
  X: NumericTable,
  y: Float64Array,
  column: number,
  seed: number,
  baselineScore: number,
  { nRepeats, score = r2 }: PermutationImportanceOptions,
): number[] {
  const width = X.columns.length;
  const rng = new NumpyRandomState(seed);
  const data = Float64Array.from(X.data);
  const permuted = { columns: X.columns, rows: X.rows, data };
  const order = Int32Array.from({ length: X.rows }, (_, i) => i);
  const previous = new Float64Array(X.rows);
  const drops: number[] = [];
  for (let r = 0; r < nRepeats; r++) {
    rng.shuffle(order);
    for (let i = 0; i < X.rows; i++) previous[i] = data[i * width + column];
    for (let i = 0; i < X.rows; i++) data[i * width + column] = previous[order[i]];
    drops.push(baselineScore - score(y, predict(permuted)));
  }
  return drops;
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** np.std: square root of the mean squared deviation from the mean. */
function populationStd(values: readonly number[]): number {
  const m = mean(values);
  let sum = 0;
  for (const v of values) sum += (v - m) ** 2;
  return Math.sqrt(sum / values.length);
}
