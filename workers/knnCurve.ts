import type { TrialContext } from '../src/engine/trialProcessor.js';
import { featurePredictionCorrelations } from '../src/models/knnFeatureCorrelations.js';
import { knnNeighbourTable } from '../src/models/knnNeighbourTable.js';
import { knnPredict } from '../src/models/knnRegressor.js';
import { knnValidationCurve } from '../src/models/knnValidationCurve.js';
import { rmse } from '../src/models/metrics.js';
import { numericDesign, studyConfig, trainScaledSplit } from './studyInputs.js';

export interface KnnCurveResult {
  readonly validationCurve: { k: number; validRmse: number }[];
  readonly simpleBest: { k: number; trainRmse: number; validRmse: number };
  /** The untuned KNN(k = explainK) the notebook explains before its grid search (its importance: knn-explain). */
  readonly explain: { k: number; correlations: { feature: string; correlation: number }[] };
}

/** The notebook's first KNN cells: validation RMSE for k = 1..kMax (uniform, euclidean), its best k, and KNN(explainK)'s feature correlations. */
export async function knnCurve(context: TrialContext<{ kMax: number; explainK: number }>): Promise<KnnCurveResult> {
  const { kMax, explainK } = context.params;
  const config = await studyConfig(context);
  const { train, valid } = trainScaledSplit(await numericDesign(context), config.split.testSize, config.split.randomState);
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
}
