/**
 * MLP regression with scikit-learn MLPRegressor semantics (relu hidden layers, identity
 * output, Adam, L2 alpha, shuffled mini-batches, stopping on the training loss),
 * trained by the float64 fused trainer.
 */
import type { NumericTable } from '../data/numericTable.js';
import { checkTrainingData, resolveMlpOptions, type MlpOptions } from './mlpConfig.js';
import { trainMlpFused } from './mlpFusedTrainer.js';
import { parametersToLayers, type MlpLayer } from './mlpParameters.js';

export { mlpPredictor, predictMlp, type MlpLayer } from './mlpParameters.js';
export type { MlpOptions } from './mlpConfig.js';

/** A trained MLP: sklearn's coefs_/intercepts_, loss_curve_, n_iter_ and whether it stopped early. */
export interface MlpFit {
  weights: MlpLayer[];
  lossCurve: number[];
  epochs: number;
  converged: boolean;
}

export function trainMlp(X: NumericTable, y: Float64Array, options: MlpOptions): MlpFit {
  const config = resolveMlpOptions(options);
  checkTrainingData(X, y);
  const run = trainMlpFused(X, y, config);
  return { weights: parametersToLayers(run.params), lossCurve: run.lossCurve, epochs: run.epochs, converged: run.converged };
}
