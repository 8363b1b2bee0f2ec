import type { KnnNeighbourTable } from './knnNeighbourTable.js';
import { foldRmse } from './knnGridSearch.js';
import type { KnnWeights } from './knnRegressor.js';

/** Validation RMSE for each k, all read off one neighbour table. */
export interface KnnValidationCurve {
  readonly k: number[];
  readonly rmse: number[];
  /** The k of the lowest RMSE, the first one on ties (np.argmin). */
  readonly bestK: number;
  readonly bestRmse: number;
}

export function knnValidationCurve(
  table: KnnNeighbourTable,
  yTrain: ArrayLike<number>,
  yValid: ArrayLike<number>,
  ks: readonly number[],
  weights: KnnWeights,
): KnnValidationCurve {
  if (ks.length === 0) throw new Error('validation curve needs at least one k');
  const rmse = ks.map((k) => foldRmse(table, yTrain, yValid, k, weights));
  let best = 0;
  for (let i = 1; i < rmse.length; i++) if (rmse[i] < rmse[best]) best = i;
  return { k: [...ks], rmse, bestK: ks[best], bestRmse: rmse[best] };
}
