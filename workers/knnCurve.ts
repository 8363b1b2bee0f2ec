import type { TrialContext } from '../src/engine/trialProcessor.js';
import { knnNeighbourTable } from '../src/models/knnNeighbourTable.js';
import { knnPredict } from '../src/models/knnRegressor.js';
import { knnValidationCurve } from '../src/models/knnValidationCurve.js';
import { rmse } from '../src/models/metrics.js';
import { numericDesign, studyConfig, trainScaledSplit } from './studyInputs.js';

export interface KnnCurveResult {
  readonly validationCurve: { k: number; validRmse: number }[];
  readonly simpleBest: { k: number; trainRmse: number; validRmse: number };
}

/** The notebook's first KNN cell: validation RMSE for k = 1..kMax (uniform, euclidean) and its best k. */
export async function knnCurve(context: TrialContext<{ kMax: number }>): Promise<KnnCurveResult> {
  const config = await studyConfig(context);
  const { train, valid } = trainScaledSplit(await numericDesign(context), config.split.testSize, config.split.randomState);
  const ks = Array.from({ length: context.params.kMax }, (_, i) => i + 1);
  const curve = knnValidationCurve(knnNeighbourTable(train.X, valid.X, 'euclidean', ks.length), train.y, valid.y, ks, 'uniform');
  const onTrain = knnNeighbourTable(train.X, train.X, 'euclidean', curve.bestK);
  return {
    validationCurve: curve.k.map((k, i) => ({ k, validRmse: curve.rmse[i] })),
    simpleBest: { k: curve.bestK, trainRmse: rmse(train.y, knnPredict(onTrain, train.y, curve.bestK, 'uniform')), validRmse: curve.bestRmse },
  };
}
