import { selectRows, selectValues, type NumericTable } from '../data/numericTable.js';
import { kFold, type Split } from '../data/splits.js';
import { rmse } from './metrics.js';
import { assertMetric, type KnnMetric } from './knnMetric.js';
import { knnNeighbourTable, type KnnNeighbourTable } from './knnNeighbourTable.js';
import { assertWeights, knnPredict, type KnnParams, type KnnWeights } from './knnRegressor.js';

/** The values tried for each KNeighborsRegressor parameter (GridSearchCV's param_grid). */
export interface KnnGrid {
  readonly k: readonly number[];
  readonly weights: readonly KnnWeights[];
  readonly metric: readonly KnnMetric[];
}

/** One grid cell's cross-validated score: RMSE per fold and their mean. */
export interface KnnGridCell extends KnnParams {
  readonly foldRmse: number[];
  readonly meanRmse: number;
}

export interface KnnGridSearchResult {
  /** In ParameterGrid order (see knnGridParams). */
  readonly cells: KnnGridCell[];
  readonly bestIndex: number;
  readonly best: KnnParams;
  readonly bestRmse: number;
}

export type NeighbourTableBuilder = (
  train: NumericTable,
  query: NumericTable,
  metric: KnnMetric,
  kMax: number,
) => KnnNeighbourTable;

export interface KnnGridSearchOptions {
  /** Defaults to GridSearchCV's cv=5 for a regressor: KFold(5) without shuffling. */
  readonly folds?: readonly Split[];
  /** Where tables come from, e.g. a cache or the object store; defaults to computing them. */
  readonly neighbourTable?: NeighbourTableBuilder;
}

/**
 * sklearn ParameterGrid order: parameter names sorted (metric, n_neighbors,
 * weights), the last one varying fastest.
 */
export function knnGridParams(grid: KnnGrid): KnnParams[] {
  for (const [name, values] of Object.entries(grid) as [string, readonly unknown[]][]) {
    if (!Array.isArray(values) || values.length === 0) throw new Error(`KNN grid '${name}' must list at least one value`);
  }
  for (const k of grid.k) {
    if (!Number.isInteger(k) || k < 1) throw new Error(`KNN grid k values must be integers >= 1, got ${k}`);
  }
  grid.weights.forEach(assertWeights);
  grid.metric.forEach(assertMetric);
  const params: KnnParams[] = [];
  for (const metric of grid.metric) {
    for (const k of grid.k) {
      for (const weights of grid.weights) params.push({ metric, k, weights });
    }
  }
  return params;
}

/** The neighbour table of one fold: its test rows queried against its training rows. */
export function foldNeighbourTable(
  X: NumericTable,
  fold: Split,
  metric: KnnMetric,
  kMax: number,
  build: NeighbourTableBuilder = knnNeighbourTable,
): KnnNeighbourTable {
  return build(selectRows(X, fold.train), selectRows(X, fold.test), metric, kMax);
}

/** Validation RMSE of one (k, weights) read off a fold's neighbour table. */
export function foldRmse(
  table: KnnNeighbourTable,
  yTrain: ArrayLike<number>,
  yValid: ArrayLike<number>,
  k: number,
  weights: KnnWeights,
): number {
  if (yValid.length !== table.queryRows) {
    throw new Error(`yValid has ${yValid.length} values, the neighbour table has ${table.queryRows} query rows`);
  }
  return rmse(yValid, knnPredict(table, yTrain, k, weights));
}

/**
 * GridSearchCV's summary: mean over folds of each cell's RMSE (the negated
 * mean_test_score of scoring='neg_root_mean_squared_error'); the best cell is
 * the first with the lowest mean, as rank_test_score's argmin picks.
 */
/** A grid cell's cross-validated RMSE: the mean of its folds' RMSEs, as GridSearchCV's mean_test_score. */
export function meanFoldRmse(foldRmse: readonly number[]): number {
  let sum = 0;
  for (const score of foldRmse) sum += score;
  return sum / foldRmse.length;
}

export function aggregateKnnGrid(params: readonly KnnParams[], foldRmses: readonly (readonly number[])[]): KnnGridSearchResult {
  if (params.length === 0) throw new Error('KNN grid has no cells');
  if (foldRmses.length !== params.length) {
    throw new Error(`${foldRmses.length} fold score lists for ${params.length} grid cells`);
  }
  const folds = foldRmses[0].length;
  if (folds === 0 || foldRmses.some((scores) => scores.length !== folds)) {
    throw new Error('every grid cell needs a score for each of the same, non-zero number of folds');
  }
  const cells = params.map((p, i) => ({ ...p, foldRmse: [...foldRmses[i]], meanRmse: meanFoldRmse(foldRmses[i]) }));
  let bestIndex = 0;
  for (let i = 1; i < cells.length; i++) if (cells[i].meanRmse < cells[bestIndex].meanRmse) bestIndex = i;
  const { metric, k, weights, meanRmse } = cells[bestIndex];
  return { cells, bestIndex, best: { metric, k, weights }, bestRmse: meanRmse };
}

/**
 * GridSearchCV(KNeighborsRegressor(), grid, scoring='neg_root_mean_squared_error', cv=folds).
 * One neighbour table per (metric, fold), with kMax the grid's largest k,
 * answers every cell of that metric on that fold.
 */
export function knnGridSearch(
  X: NumericTable,
  y: Float64Array,
  grid: KnnGrid,
  options: KnnGridSearchOptions = {},
): KnnGridSearchResult {
  if (y.length !== X.rows) throw new Error(`y has ${y.length} values, X has ${X.rows} rows`);
  const params = knnGridParams(grid);
  const folds = options.folds ?? kFold(X.rows, 5);
  if (folds.length === 0) throw new Error('grid search needs at least one fold');
  const kMax = Math.max(...grid.k);
  const scores = params.map(() => new Array<number>(folds.length));
  const metrics = [...new Set(grid.metric)];
  folds.forEach((fold, f) => {
    const yTrain = selectValues(y, fold.train);
    const yValid = selectValues(y, fold.test);
    for (const metric of metrics) {
      const table = foldNeighbourTable(X, fold, metric, kMax, options.neighbourTable);
      params.forEach((p, i) => {
        if (p.metric === metric) scores[i][f] = foldRmse(table, yTrain, yValid, p.k, p.weights);
      });
    }
  });
  return aggregateKnnGrid(params, scores);
}
