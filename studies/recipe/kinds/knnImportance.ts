import { z } from 'zod';
import { defineJobKind, type JobKind } from '../../../src/engine/jobKind.js';
import type { TrialContext } from '../../../src/engine/trialContext.js';
import { SweepflowError } from '../../../src/sweepflowError.js';
import { knnPredictor, type KnnParams } from '../../../src/models/knnRegressor.js';
import { columnPermutationImportance } from '../../../src/models/permutationImportance.js';
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
    const importance = columnPermutationImportance(knnPredictor(train.X, train.y, await explainedKnn(context)), valid.X, valid.y, column, {
      nRepeats,
      randomState: split.randomState,
    });
    return { feature, mean: importance.mean, std: importance.std, importances: importance.importances };
  },
  metrics: (result) => ({ mean: result.mean, std: result.std }),
});

async function explainedKnn(context: TrialContext<z.infer<typeof params>>): Promise<KnnParams> {
  if (context.params.model === 'untuned') return { k: context.params.k, metric: 'euclidean', weights: 'uniform' };
  const [final] = await context.upstream<KnnFinalResult>('knn-final');
  return final.result.best;
}
