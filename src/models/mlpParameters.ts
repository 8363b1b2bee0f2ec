/**
 * The weights of a relu MLP with one linear output, in two shapes: plain JSON layers
 * (sklearn's coefs_/intercepts_, kernel fan_in × fan_out) and flat Float64Arrays that
 * the trainers and the forward pass work on.
 */
import type { NumericTable } from '../data/numericTable.js';
import type { NumpyRandomState } from '../data/numpyRandomState.js';
import { MatrixArena } from './mlpMatrixArena.js';
import type { Predictor } from './savedModels.js';

/** One dense layer: kernel[i][j] connects input unit i to output unit j. */
export interface MlpLayer {
  kernel: number[][];
  bias: number[];
}

/** Flat row-major kernels (fan_in × fan_out) and biases; units = [inputs, ...hidden, 1]. */
export interface MlpParameters {
  readonly units: readonly number[];
  readonly kernels: Float64Array[];
  readonly biases: Float64Array[];
}

/**
 * sklearn `_init_coef` for relu, layer by layer from the estimator's RandomState:
 * bound = sqrt(6 / (fan_in + fan_out)), kernel then bias drawn as
 * `uniform(-bound, bound)`, i.e. low + (high - low) * random_sample().
 */
export function initialMlpParameters(units: readonly number[], rng: NumpyRandomState): MlpParameters {
  const kernels: Float64Array[] = [];
  const biases: Float64Array[] = [];
  for (let layer = 0; layer + 1 < units.length; layer++) {
    const fanIn = units[layer];
    const fanOut = units[layer + 1];
    const bound = Math.sqrt(6 / (fanIn + fanOut));
    kernels.push(uniform(rng, -bound, bound, fanIn * fanOut));
    biases.push(uniform(rng, -bound, bound, fanOut));
  }
  return { units: [...units], kernels, biases };
}

function uniform(rng: NumpyRandomState, low: number, high: number, size: number): Float64Array {
  const range = high - low;
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) out[i] = low + range * rng.randomDouble();
  return out;
}

export function parametersToLayers(params: MlpParameters): MlpLayer[] {
  return params.kernels.map((kernel, layer) => {
    const fanOut = params.units[layer + 1];
    const rows: number[][] = [];
    for (let i = 0; i < params.units[layer]; i++) rows.push(Array.from(kernel.subarray(i * fanOut, (i + 1) * fanOut)));
    return { kernel: rows, bias: Array.from(params.biases[layer]) };
  });
}

export function layersToParameters(layers: readonly MlpLayer[]): MlpParameters {
  if (layers.length === 0) throw new Error('an MLP needs at least one layer');
  const units = [layers[0].kernel.length];
  for (const [index, layer] of layers.entries()) {
    const fanIn = units[index];
    const fanOut = layer.bias.length;
    if (layer.kernel.length !== fanIn || layer.kernel.some((row) => row.length !== fanOut)) {
      throw new Error(`layer ${index} kernel is not ${fanIn} × ${fanOut} (inputs × bias length)`);
    }
    units.push(fanOut);
  }
  if (units[units.length - 1] !== 1) throw new Error(`the output layer must have 1 unit, got ${units[units.length - 1]}`);
  return {
    units,
    kernels: layers.map((layer) => Float64Array.from(layer.kernel.flat())),
    biases: layers.map((layer) => Float64Array.from(layer.bias)),
  };
}

/** Rows predicted per pass, which bounds the arena's size. */
const PREDICT_CHUNK = 4096;

/**
 * The network's output for every row of a row-major block (sklearn `_forward_pass_fast`): relu
 * hidden layers, identity output. Its arena (the parameters and a chunk's activations) is made
 * once and reused: permutation importance predicts a hundred times, and a new WASM memory and
 * instance per call cost ten times the products.
 */
class MlpForwardPass {
  private arena: MatrixArena | undefined;
  private capacity = 0;
  private activations: Float64Array[] = [];
  private kernels: Float64Array[] = [];
  private biases: Float64Array[] = [];

  constructor(private readonly params: MlpParameters) {}

  run(data: Float64Array, rows: number): Float64Array {
    const { units } = this.params;
    if (rows > this.capacity && this.capacity < PREDICT_CHUNK) this.makeArena(Math.min(rows, PREDICT_CHUNK));
    const { activations, kernels, biases } = this;
    const output = new Float64Array(rows);
    for (let start = 0; start < rows; start += this.capacity) {
      const n = Math.min(this.capacity, rows - start);
      activations[0].set(data.subarray(start * units[0], (start + n) * units[0]));
      for (let layer = 0; layer + 1 < units.length; layer++) {
        const isOutput = layer + 2 === units.length;
        this.arena!.affine(activations[layer], kernels[layer], biases[layer], activations[layer + 1], n, units[layer], units[layer + 1], !isOutput);
      }
      output.set(activations[units.length - 1].subarray(0, n), start);
    }
    return output;
  }

  private makeArena(chunk: number): void {
    const { units, kernels, biases } = this.params;
    const arena = new MatrixArena([
      ...units.map((u) => chunk * u), ...kernels.map((k) => k.length), ...biases.map((b) => b.length),
    ], Math.max(...units));
    this.activations = units.map((u) => arena.alloc(chunk * u));
    this.kernels = kernels.map((k) => { const view = arena.alloc(k.length); view.set(k); return view; });
    this.biases = biases.map((b) => { const view = arena.alloc(b.length); view.set(b); return view; });
    this.arena = arena;
    this.capacity = chunk;
  }
}

/** A predict function of trained layers, for many calls (its buffers are made once). */
export function mlpPredictor(layers: readonly MlpLayer[]): Predictor {
  const params = layersToParameters(layers);
  const pass = new MlpForwardPass(params);
  return (X) => {
    if (X.columns.length !== params.units[0]) {
      throw new Error(`the MLP takes ${params.units[0]} input columns, X has ${X.columns.length}`);
    }
    return pass.run(X.data, X.rows);
  };
}

/** Predictions of trained layers for every row of X. */
export function predictMlp(layers: readonly MlpLayer[], X: NumericTable): Float64Array {
  return mlpPredictor(layers)(X);
}
