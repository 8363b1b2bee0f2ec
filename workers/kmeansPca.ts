import { decodeInt32, encodeInt32 } from '../src/data/float64Codec.js';
import { TrialInputError, type TrialContext } from '../src/engine/trialProcessor.js';
import { adjustedRandIndex, labelMatchedChangeRate } from '../src/models/adjustedRand.js';
import { fitKMeans } from '../src/models/kmeans.js';
import { transformPca } from '../src/models/pca.js';
import { silhouetteScore } from '../src/models/silhouette.js';
import { applyStandardScaler } from '../src/models/standardScaler.js';
import { clusterSizes, type KMeansTrialResult } from './kmeans.js';
import type { PcaResult } from './pca.js';
import { numericDesign, studyConfig } from './studyInputs.js';

export interface KMeansPcaResult {
  readonly k: number;
  readonly components: number;
  readonly inertia: number;
  readonly silhouette: number;
  readonly adjustedRand: number;
  readonly changeRate: number;
  readonly sizes: number[];
  readonly labels: string;
}

/**
 * KMeans again on the first principal components, compared with the tuned clustering.
 * Cluster ids are arbitrary, so the comparison is the adjusted Rand index and the share of
 * rows that change cluster after the ids are matched (the notebook's 0.96 compared raw ids
 * of misaligned indexes).
 */
export async function kmeansPca(context: TrialContext<{ k: number; components: number }>): Promise<KMeansPcaResult> {
  const { k, components } = context.params;
  const config = await studyConfig(context);
  const [{ result: pca }] = await context.upstream<PcaResult>('pca');
  if (components > pca.model.components.length) {
    throw new TrialInputError(`kmeans-pca wants ${components} components, PCA has ${pca.model.components.length}`);
  }
  const tuned = (await context.upstream<KMeansTrialResult>('kmeans')).find((t) => t.result.role === 'tuned');
  if (tuned === undefined) throw new Error('the tuned KMeans trial has no result');
  const design = await numericDesign(context);
  const scores = transformPca(pca.model, applyStandardScaler(pca.scaler, design.X), components);
  const model = fitKMeans(scores, { k, nInit: config.kmeans.nInit, randomState: config.kmeans.randomState });
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
}

