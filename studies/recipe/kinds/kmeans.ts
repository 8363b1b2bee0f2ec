import { z } from 'zod';
import type { Design } from '../../../src/data/design.js';
import { encodeInt32 } from '../../../src/data/float64Codec.js';
import { defineJobKind } from '../../../src/engine/jobKind.js';
import { SweepflowError } from '../../../src/sweepflowError.js';
import { fitKMeans } from '../../../src/models/kmeans.js';
import { silhouetteScore } from '../../../src/models/silhouette.js';
import { positiveInt, seed } from '../recipeConfig.js';
import type { ClusterProfile, KMeansTrialResult } from '../trialResults.js';
import { numericDesign, preprocessed, scaledAll } from './recipeInputs.js';

/** KMeans on the scaled numeric predictors (every df_num row), as the notebook's cells fit it. */
export const kmeans = defineJobKind({
  name: 'kmeans',
  module: import.meta.url,
  params: z.strictObject({ k: z.number().int().min(2), randomState: seed, role: z.enum(['scan', 'base', 'tuned']), nInit: positiveInt }),
  reads: ['preprocess'],
  async run(context): Promise<KMeansTrialResult> {
    const { k, randomState, role, nInit } = context.params;
    const design = await numericDesign(context);
    const { target } = await preprocessed(context);
    const { scaler, X } = scaledAll(design);
    if (k > X.rows) throw new SweepflowError(`kmeans k=${k} is larger than the ${X.rows} rows`);
    const model = fitKMeans(X, { k, nInit, randomState });
    context.progress(0.5);
    return {
      k,
      role,
      randomState,
      inertia: model.inertia,
      silhouette: silhouetteScore(X, model.labels),
      sizes: clusterSizes(model.labels, k),
      profiles: clusterProfiles(design, target, model.labels, k),
      labels: encodeInt32(model.labels),
      centers: model.centers,
      scaler,
    };
  },
  metrics: (result) => ({ inertia: result.inertia, silhouette: result.silhouette }),
  objective: { metric: 'silhouette', goal: 'max' },
});

export function clusterSizes(labels: Int32Array, k: number): number[] {
  const sizes = new Array<number>(k).fill(0);
  for (const label of labels) sizes[label]++;
  return sizes;
}

/** Unscaled means per cluster of the target (named by its column) and of each predictor. */
function clusterProfiles(design: Design, target: string, labels: Int32Array, k: number): ClusterProfile[] {
  const names = [target, ...design.X.columns];
  const width = design.X.columns.length;
  const sums = Array.from({ length: k }, () => new Array<number>(names.length).fill(0));
  const sizes = clusterSizes(labels, k);
  for (let i = 0; i < design.X.rows; i++) {
    const row = sums[labels[i]];
    row[0] += design.y[i];
    for (let j = 0; j < width; j++) row[j + 1] += design.X.data[i * width + j];
  }
  return sums.map((row, cluster) => ({
    cluster,
    means: Object.fromEntries(names.map((name, j) => [name, row[j] / sizes[cluster]])),
  }));
}
