import { encodeFloat64 } from '../src/data/float64Codec.js';
import type { TrialContext } from '../src/engine/trialProcessor.js';
import { predictMlp, type MlpLayer } from '../src/models/mlp.js';
import type { TfjsModelArtefact } from '../src/models/mlpTfjsModel.js';
import type { StandardScaler } from '../src/models/standardScaler.js';
import { fitAndScore, mlpImportance, mlpSplit, type MlpTrialResult } from './mlp.js';
import type { ImportanceRow } from '../src/report/importanceRows.js';
import { numericDesign, studyConfig } from './studyInputs.js';

/**
 * A saved MLP: the scaler and the trained weights, as float64 layers (kernel fan_in × fan_out,
 * relu hidden, linear output) that predict exactly, and as a TensorFlow.js layers model.
 */
export interface MlpModel {
  readonly type: 'mlp';
  readonly hidden: number[];
  readonly alpha: number;
  readonly scaler: StandardScaler;
  readonly layers: MlpLayer[];
  readonly tfjs: TfjsModelArtefact;
}

export interface MlpFinalResult {
  readonly best: { hidden: number[]; alpha: number };
  readonly final: { hidden: number[]; alpha: number; trainRmse: number; validRmse: number; epochs: number; lossCurve: number[] };
  readonly importance: ImportanceRow[];
  readonly validPredictions: string;
  readonly model: MlpModel;
}

/** The grid's best configuration, then the final model the notebook trains and explains. */
export async function mlpFinal(context: TrialContext): Promise<MlpFinalResult> {
  const config = await studyConfig(context);
  const grid = (await context.upstream<MlpTrialResult>('mlp')).map((t) => t.result).filter((t) => t.split === 'grid');
  if (grid.length === 0) throw new Error('no MLP grid trial completed');
  const bestTrial = grid.reduce((a, b) => (b.validRmse < a.validRmse ? b : a));
  const best = { hidden: bestTrial.hidden, alpha: bestTrial.alpha };
  const chosen = config.mlp.final === 'best' ? best : config.mlp.final;

  const data = mlpSplit(await numericDesign(context), config, 'grid');
  const { fit, trainRmse, validRmse } = fitAndScore(data, config, chosen.hidden, chosen.alpha, context);
  // tfjs takes half a second to load: only this trial needs it, so no other trial thread waits for it.
  const { saveTfjsModel, toTfjsModel } = await import('../src/models/mlpTfjsModel.js');
  const tfjsModel = await toTfjsModel(fit.weights);
  const tfjs = await saveTfjsModel(tfjsModel);
  tfjsModel.dispose();
  return {
    best,
    final: { ...chosen, trainRmse, validRmse, epochs: fit.epochs, lossCurve: fit.lossCurve },
    importance: mlpImportance(fit, data, config),
    validPredictions: encodeFloat64(predictMlp(fit.weights, data.valid.X)),
    model: { type: 'mlp', hidden: chosen.hidden, alpha: chosen.alpha, scaler: data.scaler, layers: fit.weights, tfjs },
  };
}
