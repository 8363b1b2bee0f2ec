import type { NumericTable } from '../data/numericTable.js';
import { pearson } from './metrics.js';

/**
 * Pearson correlation of each feature column with a model's predictions, in
 * column order: the notebook's np.corrcoef(X[:, i], preds)[0, 1] reading of
 * which inputs a KNN model's output follows.
 */
export function featurePredictionCorrelations(X: NumericTable, predictions: ArrayLike<number>): number[] {
  if (predictions.length !== X.rows) {
    throw new Error(`${predictions.length} predictions for a table of ${X.rows} rows`);
  }
  const width = X.columns.length;
  return X.columns.map((_, j) => {
    const values = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) values[i] = X.data[i * width + j];
    return pearson(values, predictions);
  });
}
