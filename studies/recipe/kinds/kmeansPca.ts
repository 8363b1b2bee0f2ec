import { z } from 'zod';
import { decodeInt32, encodeInt32 } from '../../../src/data/float64Codec.js';
import { defineJobKind } from '../../../src/engine/jobKind.js';
import { SweepflowError } from '../../../src/sweepflowError.js';
import { adjustedRandIndex, labelMatchedChangeRate } from '../../../src/models/adjustedRand.js';
import { fitKMeans } from '../../../src/models/kmeans.js';
import { transformPca } from '../../../src/models/pca.js';
import { silhouetteScore } from '../../../src/models/silhouette.js';
import { applyStandardScaler } from '../../../src/models/standardScaler.js';
import { positiveInt, seed } from '../recipeConfig.js';
import type { KMeansPcaResult, KMeansTrialResult, PcaResult } from '../trialResults.js';
import { clusterSizes } from './kmeans.js';
import { numericDesign } from './recipeInputs.js';

/**
 * KMeans again on the first principal components, compared with the tuned clustering.
 * Cluster ids are arbitrary, so the comparison is the adjusted Rand index and the share of
 * rows that change cluster after the ids are matched (the notebook's 0.96 compared raw ids
 * of misaligned indexes).
 */
export const kmeansPca = defineJobKind({
  name: 'kmeans-pca',
  module: import.meta.url,
  params: z.strictObject({ k: z.number().int().min(2), components: positiveInt, nInit: positiveInt, randomState: seed }),
  reads: ['preprocess', 'pca', 'kmeans'],
  async run(context): Promise<KMeansPcaResult> {
    const { k, components, nInit, randomState } = context.params;
    const [{ result: pca }] = await context.upstream<PcaResult>('pca');
    if (components > pca.model.components.length) {
      throw new SweepflowError(`kmeans-pca wants ${components} components, PCA has ${pca.model.components.length}`);
    }
    const tuned = (await context.upstream<KMeansTrialResult>('kmeans')).find((t) => t.result.role === 'tuned');
    if (tuned === undefined) throw new Error('the tuned KMeans trial has no result');
    const design = await numericDesign(context);
    const scores = transformPca(pca.model, applyStandardScaler(pca.scaler, design.X), components);
    const model = fitKMeans(scores, { k, nInit, randomState });
    const tunedLabels = decodeInt32(tuned.result.labels);
    return {
      k,
      components,
      inertia: model.inertia,
      silhouette: silhouetteScore(scores, model.labels),
      adjustedRand: adjustedRandIndex(tunedLabels, model.labels),
      changeRate: labelMatchedChangeRate(tunedLabels, model.labels),
      sizes: clusterSizes(model.labels, k),
      labels: encodeInt32(model.labels),
    };
  },
  metrics: (result) => ({ inertia: result.inertia, silhouette: result.silhouette, adjustedRand: result.adjustedRand, changeRate: result.changeRate }),
});
