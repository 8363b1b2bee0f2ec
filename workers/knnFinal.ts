import { encodeFloat64 } from '../src/data/float64Codec.js';
import type { TrialContext } from '../src/engine/trialProcessor.js';
import { aggregateKnnGrid, knnGridParams } from '../src/models/knnGridSearch.js';
import { featurePredictionCorrelations } from '../src/models/knnFeatureCorrelations.js';
import { knnNeighbourTable } from '../src/models/knnNeighbourTable.js';
import { knnPredict, type KnnParams } from '../src/models/knnRegressor.js';
import { knnValidationCurve } from '../src/models/knnValidationCurve.js';
import { rmse } from '../src/models/metrics.js';
import type { StandardScaler } from '../src/models/standardScaler.js';
import type { KnnCellResult } from './knnCell.js';
import { numericDesign, studyConfig, trainScaledSplit } from './studyInputs.js';

/** A saved KNN model: the scaler, the scaled training rows and the chosen parameters. */
export interface KnnModel {
  readonly type: 'knn';
  readonly params: KnnParams;
  readonly scaler: StandardScaler;
  readonly trainX: string;
  readonly trainY: string;
}

export interface KnnFinalResult {
  readonly grid: { k: number; weights: string; metric: string; cvRmse: number }[];
  readonly best: KnnParams & { cvRmse: number };
  readonly final: { trainRmse: number; validRmse: number };
  readonly tunedCurve: { k: number; validRmse: number }[];
  readonly correlations: { feature: string; correlation: number }[];
  readonly validPredictions: string;
  readonly model: KnnModel;
}

/** GridSearchCV's verdict from the cells, then the tuned model as the notebook fits it (its importance: knn-importance). */
export async function knnFinal(context: TrialContext): Promise<KnnFinalResult> {
  const config = await studyConfig(context);
  const { scaler, train, valid } = trainScaledSplit(await numericDesign(context), config.split.testSize, config.split.randomState);
  const cells = (await context.upstream<KnnCellResult>('knn-cell')).map((c) => c.result);
  // Every cell present: a failed cell fails the final too, rather than a best picked from a partial grid.
  const params = knnGridParams({ k: config.knn.k, weights: config.knn.weights, metric: config.knn.metric });
  const foldScores = params.map((p) => {
    const cell = cells.find((c) => c.k === p.k && c.metric === p.metric)?.byWeights.find((w) => w.weights === p.weights);
    if (cell === undefined) throw new Error(`grid cell k=${p.k} ${p.metric} ${p.weights} has no result`);
    return cell.foldRmse;
  });
  const grid = aggregateKnnGrid(params, foldScores);
  const best = grid.best;

  const ks = Array.from({ length: config.knn.curveK }, (_, i) => i + 1);
  const kMax = Math.max(config.knn.curveK, best.k);
  const onValid = knnNeighbourTable(train.X, valid.X, best.metric, kMax);
  const tuned = knnValidationCurve(onValid, train.y, valid.y, ks, best.weights);
  const validPredictions = knnPredict(onValid, train.y, best.k, best.weights);
  const trainPredictions = knnPredict(knnNeighbourTable(train.X, train.X, best.metric, best.k), train.y, best.k, best.weights);
  const correlations = featurePredictionCorrelations(train.X, trainPredictions);
  return {
    grid: grid.cells.map((c) => ({ k: c.k, weights: c.weights, metric: c.metric, cvRmse: c.meanRmse })),
    best: { ...best, cvRmse: grid.bestRmse },
    final: { trainRmse: rmse(train.y, trainPredictions), validRmse: rmse(valid.y, validPredictions) },
    tunedCurve: tuned.k.map((k, i) => ({ k, validRmse: tuned.rmse[i] })),
    correlations: train.X.columns.map((feature, j) => ({ feature, correlation: correlations[j] })),
    validPredictions: encodeFloat64(validPredictions),
    model: { type: 'knn', params: best, scaler, trainX: encodeFloat64(train.X.data), trainY: encodeFloat64(train.y) },
  };
}
