/**
 * The reference MLP trainer: sklearn's `_fit_stochastic` with Adam, step for step in
 * float64 typed arrays (forward pass, squared loss / 2 plus the batch-scaled L2 term,
 * backprop, Adam update), drawing the initial weights and epoch shuffles from the same
 * numpy RandomState stream, so it follows sklearn's fit up to floating-point rounding
 * (summation order inside the matrix products). The products, the epoch's row gather and
 * the Adam update run in WebAssembly SIMD on buffers in a MatrixArena; the rest is plain loops.
 */
import type { NumericTable } from '../data/numericTable.js';
import { NumpyRandomState } from '../data/numpyRandomState.js';
import { ADAM_BETA1, ADAM_BETA2, type MlpConfig } from './mlpConfig.js';
import { MlpEpochOrder } from './mlpEpochOrder.js';
import { MatrixArena, transpose } from './mlpMatrixArena.js';
import { initialMlpParameters, type MlpParameters } from './mlpParameters.js';
import { MlpNoImprovementStopper } from './mlpStopping.js';

export interface MlpTrainingRun {
  readonly params: MlpParameters;
  readonly lossCurve: number[];
  readonly epochs: number;
  /** True when the no-improvement rule stopped training before maxIter ran out. */
  readonly converged: boolean;
}

export function trainMlpFused(X: NumericTable, y: Float64Array, config: MlpConfig): MlpTrainingRun {
  const rng = new NumpyRandomState(config.randomState);
  const units = [X.columns.length, ...config.hidden, 1];
  const initial = initialMlpParameters(units, rng);
  const order = new MlpEpochOrder(X.rows, config.batchSize, rng);
  const step = new FusedStep(initial, order.batchSize, X, y, config);
  const stopper = new MlpNoImprovementStopper(config.tol, config.nIterNoChange);
  const batches = order.batches();
  const lossCurve: number[] = [];
  let converged = false;
  for (let epoch = 1; epoch <= config.maxIter; epoch++) {
    step.loadEpoch(order.shuffle());
    let accumulated = 0;
    for (const [start, stop] of batches) {
      accumulated += step.run(start, stop) * (stop - start);
    }
    const loss = accumulated / X.rows;
    lossCurve.push(loss);
    config.onEpoch?.(epoch, loss);
    if (stopper.shouldStop(loss)) {
      converged = true;
      break;
    }
  }
  return { params: step.params, lossCurve, epochs: lossCurve.length, converged };
}

/** One mini-batch of `_backprop` and `AdamOptimizer.update_params`, on preallocated buffers. */
class FusedStep {
  /** The parameters being trained, in the arena. */
  readonly params: MlpParameters;
  private readonly arena: MatrixArena;
  private readonly layers: number;
  /** The training rows, and the epoch's row order, in the arena for the row gather. */
  private readonly trainX: Float64Array;
  private readonly trainY: Float64Array;
  private readonly epochRows: Int32Array;
  /**
   * The epoch's rows of X and y in its shuffled order, gathered in one pass before its batches:
   * a batch is then a contiguous slice, and the random reads are not interleaved with the
   * products (a gather per batch in JavaScript took a fifth of the time).
   */
  private readonly epochX: Float64Array;
  private readonly epochY: Float64Array;
  /** activations[0] is the batch input (a slice of epochX), activations[l + 1] the output of layer l. */
  private readonly activations: Float64Array[];
  /** deltas[l]: d loss / d pre-activation of layer l's output (times the batch size). */
  private readonly deltas: Float64Array[];
  private target: Float64Array;
  private readonly kernelGrads: Float64Array[];
  private readonly biasGrads: Float64Array[];
  private readonly transposedKernels: Float64Array[];
  /** Kernels then biases, as sklearn's params list, with their gradients and Adam moments. */
  private readonly values: Float64Array[];
  private readonly grads: Float64Array[];
  private readonly firstMoments: Float64Array[];
  private readonly secondMoments: Float64Array[];
  private t = 0;

  constructor(
    initial: MlpParameters,
    maxBatch: number,
    X: NumericTable,
    y: Float64Array,
    private readonly config: MlpConfig,
  ) {
    const { rows } = X;
    const { units, kernels, biases } = initial;
    this.layers = units.length - 1;
    const kernelSizes = kernels.map((k) => k.length);
    // Everything the matrix products touch lives in the arena: the epoch's rows, batch
    // activations and deltas, parameters, kernel gradients and transposed kernels.
    this.arena = new MatrixArena([
      // the training rows, the epoch's order (int32s, two to a value) and its rows
      rows * units[0], rows, Math.ceil(rows / 2), rows * units[0], rows,
      ...units.slice(1).map((u) => maxBatch * u),
      ...units.slice(1).map((u) => maxBatch * u),
      ...kernelSizes, ...biases.map((b) => b.length), ...kernelSizes, ...kernelSizes, ...biases.map((b) => b.length),
      // Adam's first and second moments of every parameter
      ...kernelSizes, ...biases.map((b) => b.length), ...kernelSizes, ...biases.map((b) => b.length),
    ], Math.max(...units), maxBatch);
    const arena = this.arena;
    this.trainX = arena.alloc(rows * units[0]);
    this.trainX.set(X.data.subarray(0, rows * units[0]));
    this.trainY = arena.alloc(rows);
    this.trainY.set(y.subarray(0, rows));
    this.epochRows = arena.allocInt32(rows);
    this.epochX = arena.alloc(rows * units[0]);
    this.epochY = arena.alloc(rows);
    this.activations = units.map((u, l) => (l === 0 ? this.epochX : arena.alloc(maxBatch * u)));
    this.deltas = units.slice(1).map((u) => arena.alloc(maxBatch * u));
    this.params = {
      units: [...units],
      kernels: kernels.map((k) => copyInto(arena.alloc(k.length), k)),
      biases: biases.map((b) => copyInto(arena.alloc(b.length), b)),
    };
    this.kernelGrads = kernelSizes.map((n) => arena.alloc(n));
    this.transposedKernels = kernelSizes.map((n) => arena.alloc(n));
    this.biasGrads = biases.map((b) => arena.alloc(b.length));
    this.target = this.epochY;
    this.values = [...this.params.kernels, ...this.params.biases];
    this.grads = [...this.kernelGrads, ...this.biasGrads];
    this.firstMoments = this.values.map((p) => arena.alloc(p.length));
    this.secondMoments = this.values.map((p) => arena.alloc(p.length));
  }

  /** Gathers the training rows in the epoch's order. */
  loadEpoch(rows: Int32Array): void {
    this.epochRows.set(rows);
    this.arena.gatherRows(this.trainX, this.trainY, this.epochRows, this.params.units[0], this.epochX, this.epochY);
  }

  /** Trains on the epoch's rows [start, stop) and returns the batch loss before the update. */
  run(start: number, stop: number): number {
    const n = stop - start;
    const width = this.params.units[0];
    this.activations[0] = this.epochX.subarray(start * width, stop * width);
    this.target = this.epochY.subarray(start, stop);
    const loss = this.forwardAndLoss(n);
    this.backward(n);
    this.adamUpdate();
    return loss;
  }

  private forwardAndLoss(n: number): number {
    const { units, kernels, biases } = this.params;
    for (let l = 0; l < this.layers; l++) {
      const isOutput = l === this.layers - 1;
      this.arena.affine(this.activations[l], kernels[l], biases[l], this.activations[l + 1], n, units[l], units[l + 1], !isOutput);
    }
    const output = this.activations[this.layers];
    let squares = 0;
    for (let r = 0; r < n; r++) squares += (this.target[r] - output[r]) ** 2;
    let penalty = 0;
    for (const kernel of kernels) for (let i = 0; i < kernel.length; i++) penalty += kernel[i] * kernel[i];
    return squares / n / 2 + (0.5 * this.config.alpha * penalty) / n;
  }

  private backward(n: number): void {
    const last = this.layers - 1;
    const output = this.activations[this.layers];
    const outDelta = this.deltas[last];
    for (let r = 0; r < n; r++) outDelta[r] = output[r] - this.target[r];
    for (let l = last; l >= 0; l--) {
      this.layerGradients(l, n);
      if (l > 0) this.hiddenDelta(l, n);
    }
  }

  /** coef_grad = (A^T · delta + alpha · W) / n, intercept_grad = mean(delta, axis 0). */
  private layerGradients(l: number, n: number): void {
    const fanIn = this.params.units[l];
    const fanOut = this.params.units[l + 1];
    const delta = this.deltas[l];
    const grad = this.kernelGrads[l];
    const kernel = this.params.kernels[l];
    this.arena.multiplyTransposed(this.activations[l], delta, grad, n, fanIn, fanOut);
    const alpha = this.config.alpha;
    for (let i = 0; i < grad.length; i++) grad[i] = (grad[i] + alpha * kernel[i]) / n;
    const biasGrad = this.biasGrads[l];
    this.arena.columnSums(delta, biasGrad, n, fanOut);
    for (let j = 0; j < fanOut; j++) biasGrad[j] /= n;
  }

  /** deltas[l - 1] = deltas[l] · W_lᵀ, zeroed where the relu output was 0 (sklearn's `delta[Z == 0] = 0`). */
  private hiddenDelta(l: number, n: number): void {
    const fanIn = this.params.units[l];
    const fanOut = this.params.units[l + 1];
    const hidden = this.activations[l];
    const prev = this.deltas[l - 1];
    const transposed = this.transposedKernels[l];
    transpose(this.params.kernels[l], transposed, fanIn, fanOut);
    this.arena.multiply(this.deltas[l], transposed, prev, n, fanOut, fanIn);
    this.arena.reluGate(prev, hidden, n * fanIn);
  }

  /** sklearn AdamOptimizer: eps added to sqrt(v) before bias correction, which is folded into the step size. */
  private adamUpdate(): void {
    this.t += 1;
    const { learningRate } = this.config;
    const stepSize = (learningRate * Math.sqrt(1 - ADAM_BETA2 ** this.t)) / (1 - ADAM_BETA1 ** this.t);
    for (let p = 0; p < this.values.length; p++) {
      this.arena.adam(this.values[p], this.grads[p], this.firstMoments[p], this.secondMoments[p], stepSize);
    }
  }
}

function copyInto(target: Float64Array, source: Float64Array): Float64Array {
  target.set(source);
  return target;
}
