export type KnnMetric = 'euclidean' | 'manhattan';

export const KNN_METRICS: readonly KnnMetric[] = ['euclidean', 'manhattan'];

export function assertMetric(metric: string): asserts metric is KnnMetric {
  if (!(KNN_METRICS as readonly string[]).includes(metric)) {
    throw new Error(`unknown KNN metric '${metric}', expected one of ${KNN_METRICS.join(', ')}`);
  }
}

/** scikit-learn's rdist_to_dist: the reduced distance of the KD-tree back to a distance. */
export function reducedToDistance(metric: KnnMetric, reduced: number): number {
  return metric === 'euclidean' ? Math.sqrt(reduced) : reduced;
}
