import { TrialInputError, type TrialContext } from '../src/engine/trialProcessor.js';
import { knnPredictor, type KnnParams } from '../src/models/knnRegressor.js';
import { columnPermutationImportance } from '../src/models/permutationImportance.js';
import type { StudyConfig } from '../dag/studyConfig.js';
import type { KnnFinalResult } from './knnFinal.js';
import { numericDesign, studyConfig, trainScaledSplit } from './studyInputs.js';

export interface KnnImportanceResult {
  readonly feature: string;
  readonly mean: number;
  readonly std: number;
  /** The drop in validation R² for each repeat. */
  readonly importances: number[];
}

/** Which KNN is explained: the notebook's untuned KNN(explainK), or the grid's tuned one. */
export type ExplainedKnn = 'untuned' | 'tuned';

/**
 * Permutation importance of one feature for a KNN model: the notebook's slowest cells
 * (repeats × 6 features of KNN predictions), split by feature so that workers share them.
 */
export async function knnImportance(context: TrialContext<{ model: ExplainedKnn; feature: string }>): Promise<KnnImportanceResult> {
  const { model, feature } = context.params;
  // Params come from the job: anything else must not be computed (and cached) as the untuned model.
  if (model !== 'tuned' && model !== 'untuned') {
    throw new TrialInputError(`knn-importance: model must be 'tuned' or 'untuned', got '${String(model)}'`);
  }
  const config = await studyConfig(context);
  const { train, valid } = trainScaledSplit(await numericDesign(context), config.split.testSize, config.split.randomState);
  const column = valid.X.columns.indexOf(feature);
  if (column < 0) throw new TrialInputError(`knn-importance: feature '${feature}' is not a column of the numeric design (${valid.X.columns.join(', ')})`);
  const { params, nRepeats } = await explainedModel(context, model, config);
  const importance = columnPermutationImportance(knnPredictor(train.X, train.y, params), valid.X, valid.y, column, {
    nRepeats,
    randomState: config.split.randomState,
  });
  return { feature, mean: importance.mean, std: importance.std, importances: importance.importances };
}

/** The explained KNN's parameters and the notebook's repeats for it. */
async function explainedModel(
  context: TrialContext,
  model: ExplainedKnn,
  config: StudyConfig,
): Promise<{ params: KnnParams; nRepeats: number }> {
  if (model === 'untuned') {
    return { params: { k: config.knn.explainK, metric: 'euclidean', weights: 'uniform' }, nRepeats: config.knn.explainRepeats };
  }
  const [final] = await context.upstream<KnnFinalResult>('knn-final');
  return { params: final.result.best, nRepeats: config.knn.importanceRepeats };
}
