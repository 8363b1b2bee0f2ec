import { z } from 'zod';
import type { Design } from '../../../src/data/design.js';
import type { NumericTable } from '../../../src/data/numericTable.js';
import { defineJobKind, type JobKind } from '../../../src/engine/jobKind.js';
import type { TrialContext } from '../../../src/engine/trialContext.js';
import { SweepflowError } from '../../../src/sweepflowError.js';
import { knnPredictor, type KnnParams } from '../../../src/models/knnRegressor.js';
import { columnPermutationImportance, startPermutations, type PermutationImportanceOptions, type PermutationStart } from '../../../src/models/permutationImportance.js';
import { positiveInt, split } from '../recipeConfig.js';
import type { KnnFinalResult, KnnImportanceResult } from '../trialResults.js';
import { numericDesign, trainScaledSplit } from './recipeInputs.js';

const common = { feature: z.string().min(1), split, nRepeats: positiveInt };

/** Which KNN is explained: the notebook's untuned KNN(k), or the grid's tuned one (read from knn-final). */
const params = z.discriminatedUnion('model', [
  z.strictObject({ model: z.literal('untuned'), k: positiveInt, ...common }),
  z.strictObject({ model: z.literal('tuned'), ...common }),
]);

/**
 * Permutation importance of one feature for a KNN model: the notebook's slowest cells
 * (repeats × 6 features of KNN predictions), split by feature so that workers share them.
 */
export const knnImportance: JobKind<typeof params, KnnImportanceResult> = defineJobKind({
  name: 'knn-importance',
  module: import.meta.url,
  params,
  reads: ['preprocess', 'knn-final'],
  async run(context): Promise<KnnImportanceResult> {
    const { feature, split, nRepeats } = context.params;
    const { train, valid } = trainScaledSplit(await numericDesign(context), split.testSize, split.randomState);
    const column = valid.X.columns.indexOf(feature);
    if (column < 0) throw new SweepflowError(`knn-importance: feature '${feature}' is not a column of the numeric design (${valid.X.columns.join(', ')})`);
    const options = { nRepeats, randomState: split.randomState };
    const { predict, start } = explainedModel(train, valid, await explainedKnn(context), options);
    const importance = columnPermutationImportance(predict, valid.X, valid.y, column, options, start);
    return { feature, mean: importance.mean, std: importance.std, importances: importance.importances };
  },
  metrics: (result) => ({ mean: result.mean, std: result.std }),
});

interface ExplainedModel {
  readonly predict: (X: NumericTable) => Float64Array;
  readonly start: PermutationStart;
}

/**
 * Per thread, by validation rows and model: the fitted KNN and its unpermuted score, which every
 * feature's trial on this thread shares (permutation_importance scores the baseline once).
 */
const explainedModels = new WeakMap<Design, Map<string, ExplainedModel>>();

function explainedModel(train: Design, valid: Design, knn: KnnParams, options: PermutationImportanceOptions): ExplainedModel {
  const models = explainedModels.get(valid) ?? new Map<string, ExplainedModel>();
  explainedModels.set(valid, models);
  const key = JSON.stringify([knn, options.randomState]);
  let model = models.get(key);
  if (model === undefined) {
    const predict = knnPredictor(train.X, train.y, knn);
    models.set(key, (model = { predict, start: startPermutations(predict, valid.X, valid.y, options) }));
  }
  return model;
}

async function explainedKnn(context: TrialContext<z.infer<typeof params>>): Promise<KnnParams> {
  if (context.params.model === 'untuned') return { k: context.params.k, metric: 'euclidean', weights: 'uniform' };
  const [final] = await context.upstream<KnnFinalResult>('knn-final');
  return final.result.best;
}
