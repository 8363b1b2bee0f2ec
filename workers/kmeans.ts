import { encodeInt32 } from '../src/data/float64Codec.js';
import type { Design } from '../src/data/preprocessMovies.js';
import { TrialInputError, type TrialContext } from '../src/engine/trialProcessor.js';
import { fitKMeans } from '../src/models/kmeans.js';
import { silhouetteScore } from '../src/models/silhouette.js';
import type { StandardScaler } from '../src/models/standardScaler.js';
import { numericDesign, scaledAll, studyConfig } from './studyInputs.js';

export type KMeansRole = 'scan' | 'base' | 'tuned';

export interface ClusterProfile {
  readonly cluster: number;
  /** Unscaled means of vote_average and the six predictors, as the notebook's groupby. */
  readonly means: Record<string, number>;
}

export interface KMeansTrialResult {
  readonly k: number;
  readonly role: KMeansRole;
  readonly randomState: number;
  readonly inertia: number;
  readonly silhouette: number;
  readonly sizes: number[];
  readonly profiles: ClusterProfile[];
  readonly labels: string;
  readonly centers: number[][];
  readonly scaler: StandardScaler;
}

/** KMeans on the scaled numeric predictors (every df_num row), as the notebook's cells fit it. */
export async function kmeans(context: TrialContext<{ k: number; randomState: number; role: KMeansRole }>): Promise<KMeansTrialResult> {
  const { k, randomState, role } = context.params;
  const config = await studyConfig(context);
  const design = await numericDesign(context);
  const { scaler, X } = scaledAll(design);
  if (k > X.rows) throw new TrialInputError(`kmeans k=${k} is larger than the ${X.rows} rows`);
  const model = fitKMeans(X, { k, nInit: config.kmeans.nInit, randomState });
  context.progress(0.5);
  return {
    k,
    role,
    randomState,
    inertia: model.inertia,
    silhouette: silhouetteScore(X, model.labels),
    sizes: clusterSizes(model.labels, k),
    profiles: clusterProfiles(design, model.labels, k),
    labels: encodeInt32(model.labels),
    centers: model.centers,
    scaler,
  };
}

export function clusterSizes(labels: Int32Array, k: number): number[] {
  const sizes = new Array<number>(k).fill(0);
  for (const label of labels) sizes[label]++;
  return sizes;
}

function clusterProfiles(design: Design, labels: Int32Array, k: number): ClusterProfile[] {
  const names = ['vote_average', ...design.X.columns];
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
