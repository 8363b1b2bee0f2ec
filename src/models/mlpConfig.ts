/**
 * Options of an MLP regressor with scikit-learn MLPRegressor semantics
 * (activation='relu', solver='adam', identity output, shuffle=True, no early stopping),
 * and their validation.
 */
import type { NumericTable } from '../data/numericTable.js';
import { SweepflowError } from '../sweepflowError.js';

export interface MlpOptions {
  /** hidden_layer_sizes, e.g. [64] or [64, 32]. */
  hidden: readonly number[];
  /** L2 penalty (sklearn `alpha`). */
  alpha: number;
  /** Seed of the numpy RandomState that draws the initial weights and the epoch shuffles. */
  randomState: number;
  maxIter?: number;
  /** Mini-batch size; sklearn's 'auto' is the default 200, clipped to the number of rows. */
  batchSize?: number;
  tol?: number;
  nIterNoChange?: number;
  /** sklearn `learning_rate_init`. */
  learningRate?: number;
  /** Called after every epoch with its 1-based number and its training loss. */
  onEpoch?: (epoch: number, loss: number) => void;
}

/** Validated options with defaults filled in. */
export interface MlpConfig {
  readonly hidden: readonly number[];
  readonly alpha: number;
  readonly randomState: number;
  readonly maxIter: number;
  readonly batchSize: number;
  readonly tol: number;
  readonly nIterNoChange: number;
  readonly learningRate: number;
  readonly onEpoch?: (epoch: number, loss: number) => void;
}

/** sklearn's fixed Adam moments and epsilon (MLPRegressor defaults). */
export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const ADAM_EPSILON = 1e-8;

const MAX_SEED = 0xffffffff;

/** A bad option is the caller's fault (not retried: a SweepflowError); bad numbers in the data are not (checkTrainingData). */
export function resolveMlpOptions(options: MlpOptions): MlpConfig {
  const { hidden, alpha, randomState } = options;
  if (!Array.isArray(hidden) || hidden.length === 0) {
    throw new SweepflowError('hidden layer sizes must be a non-empty list, e.g. [64]');
  }
  for (const units of hidden) {
    if (!Number.isInteger(units) || units < 1) {
      throw new SweepflowError(`hidden layer sizes must be integers >= 1, got [${hidden.join(', ')}]`);
    }
  }
  if (!Number.isFinite(alpha) || alpha < 0) throw new SweepflowError(`alpha must be a finite number >= 0, got ${alpha}`);
  if (!Number.isInteger(randomState) || randomState < 0 || randomState > MAX_SEED) {
    throw new SweepflowError(`randomState must be an integer between 0 and 2**32 - 1, got ${randomState}`);
  }
  const maxIter = options.maxIter ?? 500;
  const batchSize = options.batchSize ?? 200;
  const tol = options.tol ?? 1e-4;
  const nIterNoChange = options.nIterNoChange ?? 10;
  const learningRate = options.learningRate ?? 1e-3;
  requireInteger('maxIter', maxIter, 1);
  requireInteger('batchSize', batchSize, 1);
  requireInteger('nIterNoChange', nIterNoChange, 1);
  if (!Number.isFinite(tol) || tol < 0) throw new SweepflowError(`tol must be a finite number >= 0, got ${tol}`);
  if (!Number.isFinite(learningRate) || learningRate <= 0) {
    throw new SweepflowError(`learningRate must be a finite number > 0, got ${learningRate}`);
  }
  return {
    hidden: [...hidden],
    alpha,
    randomState,
    maxIter,
    batchSize,
    tol,
    nIterNoChange,
    learningRate,
    onEpoch: options.onEpoch,
  };
}

/** sklearn's check_X_y: same row count, at least one row and column, finite values only. */
export function checkTrainingData(X: NumericTable, y: Float64Array): void {
  if (X.rows !== y.length) throw new Error(`X has ${X.rows} rows but y has ${y.length} values`);
  if (X.rows < 1) throw new Error('cannot train an MLP on zero rows');
  if (X.columns.length < 1) throw new Error('cannot train an MLP on zero feature columns');
  if (!X.data.every(Number.isFinite)) throw new Error('X contains NaN or infinite values');
  if (!y.every(Number.isFinite)) throw new Error('y contains NaN or infinite values');
}

function requireInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new SweepflowError(`${name} must be an integer >= ${min}, got ${value}`);
}
