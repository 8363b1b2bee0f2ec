import type { EncodedDesign } from '../../src/data/designCodec.js';
import type { ImportanceRow } from '../../src/models/importanceRows.js';
import type { KnnMetric } from '../../src/models/knnNeighbourTable.js';
import type { KnnParams, KnnWeights } from '../../src/models/knnRegressor.js';
import type { MlpLayer } from '../../src/models/mlp.js';
import type { TfjsModelArtefact } from '../../src/models/mlpTfjsModel.js';
import type { PcaModel } from '../../src/models/pca.js';
import type { StandardScaler } from '../../src/models/standardScaler.js';

/** What each job kind of the recipe stores: read by later kinds and by the report. */

/** What a study's preprocess kind stores: the prepared designs every recipe kind reads. */
export interface PreparedTable {
  readonly sha256: string;
  /** The target column's name (cluster profiles name it). */
  readonly target: string;
  /** results.json's dataset counts, in its order. */
  readonly counts: Readonly<Record<string, number>>;
  /** The numeric design: KNN, MLP, KMeans, PCA and OLS 'numeric' fit on it. */
  readonly numeric: EncodedDesign;
  /** Further designs OLS fits, by name. */
  readonly olsDesigns: Readonly<Record<string, EncodedDesign>>;
}

export interface KnnCurveResult {
  readonly validationCurve: { k: number; validRmse: number }[];
  readonly simpleBest: { k: number; trainRmse: number; validRmse: number };
  /** The untuned KNN(k = explainK) the notebook explains before its grid search (its importance: knn-explain). */
  readonly explain: { k: number; correlations: { feature: string; correlation: number }[] };
}

export interface KnnTableResult {
  readonly metric: KnnMetric;
  readonly fold: number;
  /** The encoded neighbour table (knnNeighbourTableCodec.ts), stored in the result's binary object. */
  readonly table: Uint8Array;
}

export interface KnnCellResult {
  readonly k: number;
  readonly metric: KnnMetric;
  readonly byWeights: { weights: KnnWeights; foldRmse: number[] }[];
}

/** A saved KNN model: the scaler, the scaled training rows and the chosen parameters. */
export interface KnnModel {
  readonly type: 'knn';
  readonly params: KnnParams;
  readonly scaler: StandardScaler;
  readonly trainX: string;
  readonly trainY: string;
}

export interface KnnFinalResult {
  readonly grid: { k: number; weights: KnnWeights; metric: KnnMetric; cvRmse: number }[];
  readonly best: KnnParams & { cvRmse: number };
  readonly final: { trainRmse: number; validRmse: number };
  readonly tunedCurve: { k: number; validRmse: number }[];
  readonly correlations: { feature: string; correlation: number }[];
  readonly validPredictions: string;
  readonly model: KnnModel;
}

export interface KnnImportanceResult extends ImportanceRow {
  /** The drop in validation R² for each repeat. */
  readonly importances: number[];
}

export type MlpRole = 'grid' | 'baseline';

export interface MlpTrialResult {
  readonly hidden: number[];
  readonly alpha: number;
  readonly role: MlpRole;
  readonly trainRmse: number;
  readonly validRmse: number;
  readonly epochs: number;
  readonly lossCurve: number[];
  /** The baseline's permutation importance on its validation rows, as the notebook computes it. */
  readonly importance?: ImportanceRow[];
}

/**
 * A saved MLP: the scaler and the trained weights, as float64 layers (kernel fan_in × fan_out,
 * relu hidden, linear output) that predict exactly, and as a TensorFlow.js layers model.
 */
export interface MlpModel {
  readonly type: 'mlp';
  readonly hidden: number[];
  readonly alpha: number;
  readonly scaler: StandardScaler;
  readonly layers: MlpLayer[];
  readonly tfjs: TfjsModelArtefact;
}

export interface MlpFinalResult {
  readonly best: { hidden: number[]; alpha: number };
  readonly final: { hidden: number[]; alpha: number; trainRmse: number; validRmse: number; epochs: number; lossCurve: number[] };
  readonly importance: ImportanceRow[];
  readonly validPredictions: string;
  readonly model: MlpModel;
}

export type KMeansRole = 'scan' | 'base' | 'tuned';

export interface ClusterProfile {
  readonly cluster: number;
  /** Unscaled means of the target and the predictors, as the notebook's groupby. */
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

export interface PcaResult {
  readonly model: PcaModel;
  readonly scaler: StandardScaler;
  /** Scores on the first three components, rows × 3 float64 bytes (in the result's binary object), for the report's projections. */
  readonly scores3: Uint8Array;
  /** The target of each row (float64 bytes), for the projections' colours. */
  readonly target: Uint8Array;
}

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
