import { z } from 'zod';
import { encodeFloat64 } from '../../../src/data/float64Codec.js';
import { defineJobKind } from '../../../src/engine/jobKind.js';
import { aggregateKnnGrid, knnGridParams } from '../../../src/models/knnGridSearch.js';
import { featurePredictionCorrelations } from '../../../src/models/knnFeatureCorrelations.js';
import { knnNeighbourTable } from '../../../src/models/knnNeighbourTable.js';
import { knnPredict } from '../../../src/models/knnRegressor.js';
import { knnValidationCurve } from '../../../src/models/knnValidationCurve.js';
import { rmse } from '../../../src/models/metrics.js';
import { knnMetric, knnWeights, positiveInt, split } from '../recipeConfig.js';
import type { KnnCellResult, KnnFinalResult } from '../trialResults.js';
import { numericDesign, trainScaledSplit } from './recipeInputs.js';

/** GridSearchCV's verdict from the cells, then the tuned model as the notebook fits it (its importance: knn-importance). */
export const knnFinal = defineJobKind({
  name: 'knn-final',
  module: import.meta.url,
  params: z.strictObject({
    split,
    grid: z.strictObject({ k: z.array(positiveInt).min(1), weights: z.array(knnWeights).min(1), metric: z.array(knnMetric).min(1) }),
    curveK: positiveInt,
  }),
  reads: ['preprocess', 'knn-cell'],
  async run(context): Promise<KnnFinalResult> {
    const { split, grid: gridSpec, curveK } = context.params;
    const { scaler, train, valid } = trainScaledSplit(await numericDesign(context), split.testSize, split.randomState);
    const cells = (await context.upstream<KnnCellResult>('knn-cell')).map((c) => c.result);
    // Every cell present: a failed cell fails the final too, rather than a best picked from a partial grid.
    const params = knnGridParams(gridSpec);
    const foldScores = params.map((p) => {
      const cell = cells.find((c) => c.k === p.k && c.metric === p.metric)?.byWeights.find((w) => w.weights === p.weights);
      if (cell === undefined) throw new Error(`grid cell k=${p.k} ${p.metric} ${p.weights} has no result`);
      return cell.foldRmse;
    });
    const grid = aggregateKnnGrid(params, foldScores);
    const best = grid.best;

    const ks = Array.from({ length: curveK }, (_, i) => i + 1);
    const onValid = knnNeighbourTable(train.X, valid.X, best.metric, Math.max(curveK, best.k));
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
  },
  metrics: (result) => ({ k: result.best.k, cvRmse: result.best.cvRmse, trainRmse: result.final.trainRmse, validRmse: result.final.validRmse }),
});
