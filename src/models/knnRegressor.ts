import type { NumericTable } from '../data/numericTable.js';
import { assertMetric, type KnnMetric } from './knnMetric.js';
import { KnnNeighbourIndex, tableNeighbours, type KnnNeighbourTable } from './knnNeighbourTable.js';

export type KnnWeights = 'uniform' | 'distance';

export const KNN_WEIGHTS: readonly KnnWeights[] = ['uniform', 'distance'];

/** One KNeighborsRegressor configuration. */
export interface KnnParams {
  readonly metric: KnnMetric;
  readonly k: number;
  readonly weights: KnnWeights;
}

/**
 * KNeighborsRegressor(n_neighbors=k).predict from a precomputed neighbour
 * table (any k up to its kMax). 'distance' weighs by 1/d,
 * except that a query with any neighbour at distance 0 is predicted as the
 * mean target of those zero-distance neighbours (scikit-learn's _get_weights).
 */
export function knnPredict(
  table: KnnNeighbourTable,
  yTrain: ArrayLike<number>,
  k: number,
  weights: KnnWeights,
): Float64Array {
  assertWeights(weights);
  if (yTrain.length !== table.trainRows) {
    throw new Error(`yTrain has ${yTrain.length} values, the neighbour table was built on ${table.trainRows} training rows`);
  }
  if (!Number.isInteger(k) || k < 1 || k > table.kMax) {
    throw new Error(`k must be an integer between 1 and the table's kMax ${table.kMax}, got ${k}`);
  }
  const distances = new Float64Array(k);
  const indices = new Int32Array(k);
  const out = new Float64Array(table.queryRows);
  for (let q = 0; q < table.queryRows; q++) {
    tableNeighbours(table, q, k, distances, indices);
    if (weights === 'uniform') {
      let sum = 0;
      for (let i = 0; i < k; i++) sum += yTrain[indices[i]];
      out[q] = sum / k;
      continue;
    }
    // scikit-learn tests 1/d for infinity (d = 0, or so small the reciprocal
    // overflows); neighbours are sorted ascending, so such ones lead the row.
    if (1 / distances[0] === Infinity) {
      let sum = 0;
      let count = 0;
      for (let i = 0; i < k && 1 / distances[i] === Infinity; i++, count++) sum += yTrain[indices[i]];
      out[q] = sum / count;
      continue;
    }
    let num = 0;
    let den = 0;
    for (let i = 0; i < k; i++) {
      const w = 1 / distances[i];
      num += yTrain[indices[i]] * w;
      den += w;
    }
    out[q] = num / den;
  }
  return out;
}

/** A fitted KNeighborsRegressor as a predict function (e.g. for permutation importance). */
export function knnPredictor(
  train: NumericTable,
  yTrain: ArrayLike<number>,
  params: KnnParams,
): (X: NumericTable) => Float64Array {
  assertKnnParams(params, train.rows);
  if (yTrain.length !== train.rows) {
    throw new Error(`yTrain has ${yTrain.length} values, the training table has ${train.rows} rows`);
  }
  const index = new KnnNeighbourIndex(train, params.metric);
  // Read only at k = kMax, so the tables need no tie log.
  return (X) => knnPredict(index.table(X, params.k, false), yTrain, params.k, params.weights);
}

export function assertWeights(weights: string): asserts weights is KnnWeights {
  if (!(KNN_WEIGHTS as readonly string[]).includes(weights)) {
    throw new Error(`unknown KNN weights '${weights}', expected one of ${KNN_WEIGHTS.join(', ')}`);
  }
}

export function assertKnnParams(params: KnnParams, trainRows: number): void {
  assertMetric(params.metric);
  assertWeights(params.weights);
  if (!Number.isInteger(params.k) || params.k < 1 || params.k > trainRows) {
    throw new Error(`k must be an integer between 1 and the ${trainRows} training rows, got ${params.k}`);
  }
}
