import { z } from 'zod';
import type { Design } from '../../../src/data/design.js';
import { defineJobKind } from '../../../src/engine/jobKind.js';
import type { TrialContext } from '../../../src/engine/trialContext.js';
import { importanceRows, type ImportanceRow } from '../../../src/models/importanceRows.js';
import { rmse } from '../../../src/models/metrics.js';
import { mlpPredictor, trainMlp, type MlpFit } from '../../../src/models/mlp.js';
import { permutationImportance } from '../../../src/models/permutationImportance.js';
import type { Predictor } from '../../../src/models/savedModels.js';
import { hiddenLayers, positiveInt, seed, split } from '../recipeConfig.js';
import type { MlpRole, MlpTrialResult } from '../trialResults.js';
import { allScaledSplit, numericDesign, trainScaledSplit, type ScaledSplit } from './recipeInputs.js';

/** How every MLP of the study trains and is explained: the stage's settings. */
export const mlpTraining = {
  split,
  maxIter: positiveInt,
  randomState: seed,
  importanceRepeats: positiveInt,
};
export type MlpTraining = z.infer<z.ZodObject<typeof mlpTraining>>;

const params = z.strictObject({
  hidden: hiddenLayers,
  alpha: z.number().min(0),
  role: z.enum(['grid', 'baseline']),
  /** The baseline's own split (scaled on every row first, as the notebook's cell). */
  baselineTestSize: z.number().gt(0).lt(1),
  ...mlpTraining,
});

/** One MLPRegressor of the grid (the study's split) or the baseline (scaled on all rows, its own split). */
export const mlp = defineJobKind({
  name: 'mlp',
  module: import.meta.url,
  params,
  reads: ['preprocess'],
  async run(context): Promise<MlpTrialResult> {
    const { hidden, alpha, role } = context.params;
    const data = mlpSplit(await numericDesign(context), context.params, role);
    const { fit, predict, trainRmse, validRmse } = fitAndScore(data, context.params, hidden, alpha, context);
    const result = { hidden, alpha, role, trainRmse, validRmse, epochs: fit.epochs, lossCurve: fit.lossCurve };
    if (role !== 'baseline') return result;
    return { ...result, importance: mlpImportance(predict, data, context.params) };
  },
  metrics: (result) => ({ trainRmse: result.trainRmse, validRmse: result.validRmse, epochs: result.epochs }),
  objective: { metric: 'validRmse', goal: 'min' },
});

/** Permutation importance of a trained MLP (its predict function) on the split's validation rows (the study's seed). */
export function mlpImportance(predict: Predictor, data: ScaledSplit, training: MlpTraining): ImportanceRow[] {
  const importance = permutationImportance(predict, data.valid.X, data.valid.y, {
    nRepeats: training.importanceRepeats,
    randomState: training.split.randomState,
  });
  return importanceRows(data.valid.X.columns, importance);
}

export function mlpSplit(design: Design, settings: MlpTraining & { baselineTestSize?: number }, role: MlpRole): ScaledSplit {
  const { testSize, randomState } = settings.split;
  if (role === 'baseline') return allScaledSplit(design, settings.baselineTestSize ?? testSize, randomState);
  return trainScaledSplit(design, testSize, randomState);
}

/**
 * Trains with the study's seed and max_iter, reporting each epoch as job progress. A bad
 * option fails at once (SweepflowError from the trainer); a fit that breaks on the numbers is retried.
 */
export function fitAndScore(
  data: ScaledSplit,
  training: MlpTraining,
  hidden: readonly number[],
  alpha: number,
  context: TrialContext<unknown>,
): { fit: MlpFit; predict: Predictor; validPredictions: Float64Array; trainRmse: number; validRmse: number } {
  const fit = trainMlp(data.train.X, data.train.y, {
    hidden,
    alpha,
    randomState: training.randomState,
    maxIter: training.maxIter,
    onEpoch: (epoch, loss) => context.progress({ epoch, loss }),
  });
  const predict = mlpPredictor(fit.weights);
  const validPredictions = predict(data.valid.X);
  return {
    fit,
    predict,
    validPredictions,
    trainRmse: rmse(data.train.y, predict(data.train.X)),
    validRmse: rmse(data.valid.y, validPredictions),
  };
}
