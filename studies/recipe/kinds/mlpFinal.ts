import { z } from 'zod';
import { encodeFloat64 } from '../../../src/data/float64Codec.js';
import { defineJobKind } from '../../../src/engine/jobKind.js';
import { mlpTfjsArtefact } from '../../../src/models/mlpTfjsArtefact.js';
import { mlpFinalChoice } from '../recipeConfig.js';
import type { MlpFinalResult, MlpTrialResult } from '../trialResults.js';
import { fitAndScore, mlpImportance, mlpSplit, mlpTraining } from './mlp.js';
import { numericDesign } from './recipeInputs.js';

/** The grid's best configuration, then the final model the notebook trains and explains. */
export const mlpFinal = defineJobKind({
  name: 'mlp-final',
  module: import.meta.url,
  params: z.strictObject({ final: mlpFinalChoice, ...mlpTraining }),
  reads: ['preprocess', 'mlp'],
  async run(context): Promise<MlpFinalResult> {
    const grid = (await context.upstream<MlpTrialResult>('mlp')).map((t) => t.result).filter((t) => t.role === 'grid');
    if (grid.length === 0) throw new Error('no MLP grid trial completed');
    const bestTrial = grid.reduce((a, b) => (b.validRmse < a.validRmse ? b : a));
    const best = { hidden: bestTrial.hidden, alpha: bestTrial.alpha };
    const chosen = context.params.final === 'best' ? best : context.params.final;

    const data = mlpSplit(await numericDesign(context), context.params, 'grid');
    const { fit, predict, validPredictions, trainRmse, validRmse } = fitAndScore(data, context.params, chosen.hidden, chosen.alpha, context);
    const tfjs = mlpTfjsArtefact(fit.weights);
    return {
      best,
      final: { ...chosen, trainRmse, validRmse, epochs: fit.epochs, lossCurve: fit.lossCurve },
      importance: mlpImportance(predict, data, context.params),
      validPredictions: encodeFloat64(validPredictions),
      model: { type: 'mlp', hidden: [...chosen.hidden], alpha: chosen.alpha, scaler: data.scaler, layers: fit.weights, tfjs },
    };
  },
  metrics: (result) => ({ trainRmse: result.final.trainRmse, validRmse: result.final.validRmse, epochs: result.final.epochs }),
});
