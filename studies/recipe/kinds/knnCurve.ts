import { z } from 'zod';
import { defineJobKind } from '../../../src/engine/jobKind.js';
import { featurePredictionCorrelations } from '../../../src/models/knnFeatureCorrelations.js';
import { knnNeighbourTable } from '../../../src/models/knnNeighbourTable.js';
import { knnPredict } from '../../../src/models/knnRegressor.js';
import { knnValidationCurve } from '../../../src/models/knnValidationCurve.js';
import { rmse } from '../../../src/models/metrics.js';
import { positiveInt, split } from '../recipeConfig.js';
import type { KnnCurveResult } from '../trialResults.js';
import { numericDesign, trainScaledSplit } from './recipeInputs.js';

/** The notebook's first KNN cells: validation RMSE for k = 1..kMax (uniform, euclidean), its best k, and KNN(explainK)'s feature correlations. */
export const knnCurve = defineJobKind({
  name: 'knn-curve',
  module: import.meta.url,
  params: z.strictObject({ kMax: positiveInt, explainK: positiveInt, split }),
  reads: ['preprocess'],
  async run(context): Promise<KnnCurveResult> {
    const { kMax, explainK, split } = context.params;
    const { train, valid } = trainScaledSplit(await numericDesign(context), split.testSize, split.randomState);
    const ks = Array.from({ length: kMax }, (_, i) => i + 1);
    const curve = knnValidationCurve(knnNeighbourTable(train.X, valid.X, 'euclidean', kMax), train.y, valid.y, ks, 'uniform');
    const onTrain = knnNeighbourTable(train.X, train.X, 'euclidean', Math.max(curve.bestK, explainK));
    const correlations = featurePredictionCorrelations(train.X, knnPredict(onTrain, train.y, explainK, 'uniform'));
    return {
      validationCurve: curve.k.map((k, i) => ({ k, validRmse: curve.rmse[i] })),
      simpleBest: { k: curve.bestK, trainRmse: rmse(train.y, knnPredict(onTrain, train.y, curve.bestK, 'uniform')), validRmse: curve.bestRmse },
      explain: {
        k: explainK,
        correlations: train.X.columns.map((feature, j) => ({ feature, correlation: correlations[j] })),
      },
    };
  },
  metrics: (result) => ({ bestK: result.simpleBest.k, trainRmse: result.simpleBest.trainRmse, validRmse: result.simpleBest.validRmse }),
});
