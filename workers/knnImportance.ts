import { TrialInputError, type TrialContext } from '../src/engine/trialProcessor.js';
import { knnPredictor } from '../src/models/knnRegressor.js';
import { columnPermutationImportance } from '../src/models/permutationImportance.js';
import type { KnnFinalResult } from './knnFinal.js';
import { numericDesign, studyConfig, trainScaledSplit } from './studyInputs.js';

export interface KnnImportanceResult {
  readonly feature: string;
  readonly mean: number;
  readonly std: number;
  /** The drop in validation R² for each repeat. */
  readonly importances: number[];
}

/**
 * Permutation importance of one feature for the tuned KNN: the notebook's slowest cell
 * (20 repeats × 6 features of KNN predictions), split by feature so workers share it.
 */
export async function knnImportance(context: TrialContext<{ feature: string }>): Promise<KnnImportanceResult> {
  const { feature } = context.params;
  const config = await studyConfig(context);
  const { train, valid } = trainScaledSplit(await numericDesign(context), config.split.testSize, config.split.randomState);
  const column = valid.X.columns.indexOf(feature);
  if (column < 0) throw new TrialInputError(`knn-importance: feature '${feature}' is not a column of the numeric design (${valid.X.columns.join(', ')})`);
  const [final] = await context.upstream<KnnFinalResult>('knn-final');
  const importance = columnPermutationImportance(knnPredictor(train.X, train.y, final.result.best), valid.X, valid.y, column, {
    nRepeats: config.knn.importanceRepeats,
    randomState: config.split.randomState,
  });
  return { feature, mean: importance.mean, std: importance.std, importances: importance.importances };
}
