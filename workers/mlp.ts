import type { Design } from '../src/data/preprocessMovies.js';
import { TrialInputError, type TrialContext } from '../src/engine/trialProcessor.js';
import { rmse } from '../src/models/metrics.js';
import { predictMlp, trainMlp, type MlpFit } from '../src/models/mlp.js';
import { permutationImportance } from '../src/models/permutationImportance.js';
import { importanceRows, type ImportanceRow } from '../src/report/importanceRows.js';
import type { StudyConfig } from '../dag/studyConfig.js';
import { allScaledSplit, numericDesign, studyConfig, trainScaledSplit, type ScaledSplit } from './studyInputs.js';

export interface MlpTrialResult {
  readonly hidden: number[];
  readonly alpha: number;
  readonly split: 'grid' | 'baseline';
  readonly trainRmse: number;
  readonly validRmse: number;
  readonly epochs: number;
  readonly lossCurve: number[];
  /** The baseline's permutation importance on its validation rows, as the notebook computes it. */
  readonly importance?: ImportanceRow[];
}

type MlpParams = { hidden: number[]; alpha: number; split: 'grid' | 'baseline' };

/** One MLPRegressor of the grid (75/25 split) or the baseline (scaled on all rows, 80/20). */
export async function mlp(context: TrialContext<MlpParams>): Promise<MlpTrialResult> {
  const { hidden, alpha, split } = context.params;
  const config = await studyConfig(context);
  const data = mlpSplit(await numericDesign(context), config, split);
  const { fit, trainRmse, validRmse } = fitAndScore(data, config, hidden, alpha, context);
  const result = { hidden, alpha, split, trainRmse, validRmse, epochs: fit.epochs, lossCurve: fit.lossCurve };
  if (split !== 'baseline') return result;
  return { ...result, importance: mlpImportance(fit, data, config) };
}

/** Permutation importance of a trained MLP on the split's validation rows (the study's seed). */
export function mlpImportance(fit: MlpFit, data: ScaledSplit, config: StudyConfig): ImportanceRow[] {
  const importance = permutationImportance((X) => predictMlp(fit.weights, X), data.valid.X, data.valid.y, {
    nRepeats: config.mlp.importanceRepeats,
    randomState: config.split.randomState,
  });
  return importanceRows(data.valid.X.columns, importance);
}

export function mlpSplit(design: Design, config: StudyConfig, split: MlpParams['split']): ScaledSplit {
  if (split === 'grid') return trainScaledSplit(design, config.split.testSize, config.split.randomState);
  if (split === 'baseline') return allScaledSplit(design, config.mlp.baseline.testSize, config.split.randomState);
  throw new TrialInputError(`unknown MLP split '${split}'`);
}

/** Trains with the study's seed and max_iter, reporting each epoch as job progress. */
export function fitAndScore(
  data: ScaledSplit,
  config: StudyConfig,
  hidden: number[],
  alpha: number,
  context: TrialContext,
): { fit: MlpFit; trainRmse: number; validRmse: number } {
  let fit: MlpFit;
  try {
    fit = trainMlp(data.train.X, data.train.y, {
      hidden,
      alpha,
      randomState: config.mlp.randomState,
      maxIter: config.mlp.maxIter,
      onEpoch: (epoch, loss) => context.progress({ epoch, loss }),
    });
  } catch (error) {
    // Option errors (hidden layer 0, alpha < 0) are the config's fault: do not retry.
    throw new TrialInputError((error as Error).message);
  }
  return {
    fit,
    trainRmse: rmse(data.train.y, predictMlp(fit.weights, data.train.X)),
    validRmse: rmse(data.valid.y, predictMlp(fit.weights, data.valid.X)),
  };
}
