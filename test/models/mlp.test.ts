import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { numericTable, selectRows, selectValues, type NumericTable } from '../../src/data/numericTable.js';
import { NumpyRandomState } from '../../src/data/numpyRandomState.js';
import { preprocessMovies } from '../../studies/movies/data/preprocessMovies.js';
import { readMovieTable } from '../../studies/movies/data/readMovieTable.js';
import { trainTestSplit } from '../../src/data/splits.js';
import { rmse } from '../../src/models/metrics.js';
import { predictMlp, trainMlp, type MlpFit, type MlpLayer } from '../../src/models/mlp.js';
import { MatrixArena } from '../../src/models/mlpMatrixArena.js';
import { mlpTfjsArtefact } from '../../src/models/mlpTfjsArtefact.js';
import { loadTfjsModel, predictTfjs, saveTfjsModel, toTfjsModel, type TfjsModelArtefact } from '../../src/models/mlpTfjsModel.js';
import { trainMlpTfjs } from '../../src/models/mlpTfjsTrainer.js';
import { applyStandardScaler, fitStandardScaler } from '../../src/models/standardScaler.js';
import { fastestTfjsBackend, useTfjsBackend } from '../../src/models/tfjsBackend.js';

interface RealFit {
  hidden: number[];
  alpha: number;
  train_rmse: number;
  valid_rmse: number;
  n_iter: number;
  loss_curve: number[];
  valid_predictions_first5: number[];
}

interface GridRow {
  hidden: number[];
  alpha: number;
  train_rmse: number;
  valid_rmse: number;
  n_iter: number;
  loss_first5: number[];
  loss_last: number;
}

interface SmallCase {
  hidden: number[];
  alpha: number;
  random_state: number;
  max_iter: number;
  tol: number;
  n_iter: number;
  loss_curve: number[];
  predictions_first5: number[];
  weights: MlpLayer[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/mlp.json', import.meta.url), 'utf8')) as {
  grid: GridRow[];
  final: RealFit;
  baseline: RealFit;
  small: { X: number[][]; y: number[]; cases: SmallCase[] };
};

const SEED = 3001;

function maxRelativeDifference(actual: readonly number[], expected: readonly number[]): number {
  expect(actual).toHaveLength(expected.length);
  return Math.max(...expected.map((e, i) => Math.abs(actual[i] - e) / Math.abs(e)));
}

function maxAbsoluteDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let max = 0;
  for (let i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(actual[i] - expected[i]));
  return max;
}

function firstRows(table: NumericTable, rows: number): NumericTable {
  return selectRows(table, Array.from({ length: rows }, (_, i) => i));
}

const smallX = numericTable(['x1', 'x2', 'x3', 'x4'], Float64Array.from(fixture.small.X.flat()));
const smallY = Float64Array.from(fixture.small.y);

describe('MatrixArena products (WebAssembly SIMD blocks plus scalar remainders)', () => {
  // Plain triple loops summing in the same order: the arena must match them bit for bit.
  const naiveProduct = (a: Float64Array, b: Float64Array, m: number, p: number, q: number, bias?: Float64Array, relu = false) =>
    Float64Array.from({ length: m * q }, (_, i) => {
      const r = Math.floor(i / q);
      const j = i % q;
      let sum = 0;
      for (let k = 0; k < p; k++) sum += a[r * p + k] * b[k * q + j];
      const z = bias === undefined ? sum : sum + bias[j];
      return relu ? Math.max(z, 0) : z;
    });
  const naiveTransposedProduct = (a: Float64Array, d: Float64Array, m: number, p: number, q: number) =>
    Float64Array.from({ length: p * q }, (_, i) => {
      const k = Math.floor(i / q);
      const j = i % q;
      let sum = 0;
      for (let r = 0; r < m; r++) sum += a[r * p + k] * d[r * q + j];
      return sum;
    });

  // m 9 and p 9: four-row blocks of the one-column product and column quads of the one-row product with a remainder.
  const shapes = [1, 7, 8, 9].flatMap((m) => [1, 3, 6, 9].flatMap((p) => [1, 5, 8].map((q) => [m, p, q] as const)));

  it.each(shapes)('m=%i p=%i q=%i', (m, p, q) => {
    const rng = new NumpyRandomState(m * 100 + p * 10 + q);
    const arena = new MatrixArena([m * p, p * q, q, m * q, m * q, p * q, m * q], Math.max(m, p, q), m);
    const fill = (view: Float64Array) => {
      for (let i = 0; i < view.length; i++) view[i] = rng.randomDouble() - 0.5;
      return view;
    };
    const a = fill(arena.alloc(m * p));
    const w = fill(arena.alloc(p * q));
    const bias = fill(arena.alloc(q));
    const out = arena.alloc(m * q);
    arena.affine(a, w, bias, out, m, p, q, true);
    expect(out).toEqual(naiveProduct(a, w, m, p, q, bias, true));
    arena.multiply(a, w, out, m, p, q);
    expect(out).toEqual(naiveProduct(a, w, m, p, q));
    const d = fill(arena.alloc(m * q));
    const g = arena.alloc(p * q);
    arena.multiplyTransposed(a, d, g, m, p, q);
    expect(g).toEqual(naiveTransposedProduct(a, d, m, p, q));
    const sums = new Float64Array(q);
    arena.columnSums(d, sums, m, q);
    expect(sums).toEqual(Float64Array.from({ length: q }, (_, j) => {
      let sum = 0;
      for (let r = 0; r < m; r++) sum += d[r * q + j];
      return sum;
    }));
    const hidden = fill(arena.alloc(m * q));
    const gated = Float64Array.from(d, (v, i) => (hidden[i] > 0 ? v : 0));
    arena.reluGate(d, hidden, m * q);
    expect(d).toEqual(gated);
  });

  it('rejects operands outside the arena and allocations past its size', () => {
    const arena = new MatrixArena([8, 8], 4);
    const w = arena.alloc(8);
    const out = arena.alloc(8);
    expect(() => arena.multiply(new Float64Array(4), w, out, 2, 2, 4)).toThrow(/not in this arena/);
    expect(() => arena.alloc(1 << 20)).toThrow(/matrix arena is full/);
  });
});

describe('trainMlp option validation', () => {
  const valid = { hidden: [8], alpha: 1e-4, randomState: 0, maxIter: 1 };
  it.each([
    [{ hidden: [] }, /hidden layer sizes must be a non-empty list/],
    [{ hidden: [0] }, /hidden layer sizes must be integers >= 1/],
    [{ hidden: [8, 2.5] }, /hidden layer sizes must be integers >= 1/],
    [{ alpha: -0.1 }, /alpha must be a finite number >= 0/],
    [{ alpha: Number.NaN }, /alpha must be a finite number >= 0/],
    [{ maxIter: 0 }, /maxIter must be an integer >= 1/],
    [{ batchSize: 0 }, /batchSize must be an integer >= 1/],
    [{ nIterNoChange: 0 }, /nIterNoChange must be an integer >= 1/],
    [{ tol: -1 }, /tol must be a finite number >= 0/],
    [{ learningRate: 0 }, /learningRate must be a finite number > 0/],
    [{ randomState: -1 }, /randomState must be an integer between 0 and 2\*\*32 - 1/],
  ])('rejects %o', (override, message) => {
    expect(() => trainMlp(smallX, smallY, { ...valid, ...override })).toThrow(message);
  });

  it('rejects mismatched or non-finite data', () => {
    expect(() => trainMlp(smallX, smallY.subarray(1), valid)).toThrow(/X has 300 rows but y has 299 values/);
    const withNaN = Float64Array.from(smallY);
    withNaN[3] = Number.NaN;
    expect(() => trainMlp(smallX, withNaN, valid)).toThrow(/y contains NaN or infinite values/);
  });

  it('predictMlp rejects a table with the wrong number of columns', () => {
    const fit = trainMlp(smallX, smallY, valid);
    const threeColumns = numericTable(['a', 'b', 'c'], new Float64Array(6));
    expect(() => predictMlp(fit.weights, threeColumns)).toThrow(/takes 4 input columns, X has 3/);
  });
});

describe('trainMlp reproduces scikit-learn on a small generated problem (float64)', () => {
  it.each(fixture.small.cases.map((c) => [JSON.stringify(c.hidden), c.alpha, c.max_iter, c] as const))(
    'hidden=%s alpha=%s max_iter=%i',
    (_hidden, _alpha, _maxIter, c) => {
      const fit = trainMlp(smallX, smallY, {
        hidden: c.hidden, alpha: c.alpha, randomState: c.random_state, maxIter: c.max_iter, tol: c.tol,
      });
      expect(fit.epochs).toBe(c.n_iter);
      expect(fit.converged).toBe(c.n_iter < c.max_iter);
      // Only summation-order rounding separates the two (measured ~1e-15).
      expect(maxRelativeDifference(fit.lossCurve, c.loss_curve)).toBeLessThan(1e-12);
      expect(maxAbsoluteDifference(predictMlp(fit.weights, firstRows(smallX, 5)), c.predictions_first5)).toBeLessThan(1e-12);
      fit.weights.forEach((layer, l) => {
        expect(maxAbsoluteDifference(layer.kernel.flat(), c.weights[l].kernel.flat())).toBeLessThan(1e-12);
        expect(maxAbsoluteDifference(layer.bias, c.weights[l].bias)).toBeLessThan(1e-12);
      });
    },
  );

  it('reports every epoch, 1-based, with the loss it records', () => {
    const seen: Array<[number, number]> = [];
    const fit = trainMlp(smallX, smallY, { hidden: [4], alpha: 0, randomState: 5, maxIter: 6, onEpoch: (e, l) => seen.push([e, l]) });
    expect(seen).toEqual(fit.lossCurve.map((loss, i) => [i + 1, loss]));
  });

  it('clips a batch size above the row count to one full batch, as sklearn', () => {
    const options = { hidden: [4], alpha: 0, randomState: 5, maxIter: 3 };
    const clipped = trainMlp(smallX, smallY, { ...options, batchSize: 10_000 });
    expect(clipped).toEqual(trainMlp(smallX, smallY, { ...options, batchSize: 300 }));
    expect(clipped.lossCurve).not.toEqual(trainMlp(smallX, smallY, options).lossCurve);
  });
});

describe('MLP on the movie data against the notebook grid (sklearn fixture)', () => {
  let X: NumericTable;
  let y: Float64Array;
  let train: { X: NumericTable; y: Float64Array };
  let valid: { X: NumericTable; y: Float64Array };

  beforeAll(async () => {
    const { records } = await readMovieTable('data/movies.csv');
    ({ X, y } = preprocessMovies(records).numeric);
    const split = trainTestSplit(X.rows, 0.25, SEED);
    const scaler = fitStandardScaler(selectRows(X, split.train));
    train = { X: applyStandardScaler(scaler, selectRows(X, split.train)), y: selectValues(y, split.train) };
    valid = { X: applyStandardScaler(scaler, selectRows(X, split.test)), y: selectValues(y, split.test) };
  });

  it('final (64,) alpha=1e-4: same epochs, loss curve and RMSEs', () => {
    const c = fixture.final;
    const fit = trainMlp(train.X, train.y, { hidden: c.hidden, alpha: c.alpha, randomState: SEED });
    expect(fit.epochs).toBe(c.n_iter);
    expect(fit.converged).toBe(true);
    expect(maxRelativeDifference(fit.lossCurve, c.loss_curve)).toBeLessThan(1e-9);
    expect(Math.abs(rmse(train.y, predictMlp(fit.weights, train.X)) - c.train_rmse)).toBeLessThan(1e-9);
    expect(Math.abs(rmse(valid.y, predictMlp(fit.weights, valid.X)) - c.valid_rmse)).toBeLessThan(1e-9);
    expect(maxAbsoluteDifference(predictMlp(fit.weights, firstRows(valid.X, 5)), c.valid_predictions_first5)).toBeLessThan(1e-9);
  });

  it('baseline (32,) on the scaler fit on all rows and the 0.2 split: 500 epochs, same RMSEs', () => {
    const c = fixture.baseline;
    const scaled = applyStandardScaler(fitStandardScaler(X), X);
    const split = trainTestSplit(X.rows, 0.2, SEED);
    const fit = trainMlp(selectRows(scaled, split.train), selectValues(y, split.train), {
      hidden: c.hidden, alpha: c.alpha, randomState: SEED,
    });
    expect(fit.epochs).toBe(c.n_iter);
    expect(fit.converged).toBe(false);
    expect(maxRelativeDifference(fit.lossCurve, c.loss_curve)).toBeLessThan(1e-9);
    const trainRmse = rmse(selectValues(y, split.train), predictMlp(fit.weights, selectRows(scaled, split.train)));
    const validRmse = rmse(selectValues(y, split.test), predictMlp(fit.weights, selectRows(scaled, split.test)));
    expect(Math.abs(trainRmse - c.train_rmse)).toBeLessThan(1e-9);
    expect(Math.abs(validRmse - c.valid_rmse)).toBeLessThan(1e-9);
  });

  // Full runs of two more grid cells: two hidden layers, and a stop well before max_iter.
  it.each([
    [[64, 32], 0.0001],
    [[16], 0.001],
  ])('grid hidden=%j alpha=%s: same epochs, last loss and RMSEs', (hidden, alpha) => {
    const c = fixture.grid.find((row) => JSON.stringify(row.hidden) === JSON.stringify(hidden) && row.alpha === alpha);
    if (c === undefined) throw new Error(`fixture has no grid row for ${JSON.stringify(hidden)}, ${alpha}`);
    const fit = trainMlp(train.X, train.y, { hidden, alpha, randomState: SEED });
    expect(fit.epochs).toBe(c.n_iter);
    expect(Math.abs(fit.lossCurve[fit.epochs - 1] - c.loss_last) / c.loss_last).toBeLessThan(1e-9);
    expect(Math.abs(rmse(train.y, predictMlp(fit.weights, train.X)) - c.train_rmse)).toBeLessThan(1e-9);
    expect(Math.abs(rmse(valid.y, predictMlp(fit.weights, valid.X)) - c.valid_rmse)).toBeLessThan(1e-9);
  });

  it('every grid configuration starts with sklearn first five epoch losses', () => {
    expect(fixture.grid).toHaveLength(15);
    for (const c of fixture.grid) {
      const fit = trainMlp(train.X, train.y, { hidden: c.hidden, alpha: c.alpha, randomState: SEED, maxIter: 5 });
      expect(maxRelativeDifference(fit.lossCurve, c.loss_first5)).toBeLessThan(1e-12);
    }
  });

  describe('TensorFlow.js', () => {
    const EPOCHS = 20;
    let fused: MlpFit;

    beforeAll(() => {
      fused = trainMlp(train.X, train.y, { hidden: [64], alpha: 1e-4, randomState: SEED, maxIter: EPOCHS });
    });

    it('selects the fastest available backend', async () => {
      const name = await fastestTfjsBackend();
      expect(['tensorflow', 'wasm', 'cpu']).toContain(name);
      expect(await useTfjsBackend()).toBe(name);
      expect(tf.getBackend()).toBe(name);
    });

    it('save → JSON → load → predict gives the fused predictions to float32 precision', async () => {
      const model = await toTfjsModel(fused.weights);
      const artefact = JSON.parse(JSON.stringify(await saveTfjsModel(model))) as TfjsModelArtefact;
      model.dispose();
      expect(artefact.format).toBe('tfjs-layers-model');
      expect(artefact.weightSpecs.map((s) => s.name)).toEqual(['hidden_1/kernel', 'hidden_1/bias', 'output/kernel', 'output/bias']);
      const loaded = await loadTfjsModel(artefact);
      const predicted = predictTfjs(loaded, valid.X);
      loaded.dispose();
      const expected = predictMlp(fused.weights, valid.X);
      const worst = Math.max(...Array.from(expected, (e, i) => Math.abs(predicted[i] - e) / Math.abs(e)));
      expect(worst).toBeLessThan(1e-5);
    });

    it.each([[[64]], [[64, 32]]])('mlpTfjsArtefact writes what tfjs saves, key for key and byte for byte (hidden %j)', async (hidden) => {
      const fit = hidden.length === 1 ? fused : trainMlp(train.X, train.y, { hidden, alpha: 1e-4, randomState: SEED, maxIter: 2 });
      const model = await toTfjsModel(fit.weights);
      const saved = await saveTfjsModel(model);
      model.dispose();
      const written = mlpTfjsArtefact(fit.weights);
      // tfjs numbers its models per process (sequential_1 in a fresh one; this file has made others).
      const topology = saved.modelTopology as { config: { name: string } };
      expect(topology.config.name).toMatch(/^sequential_\d+$/);
      expect((written.modelTopology as { config: { name: string } }).config.name).toBe('sequential_1');
      const renamed = { ...saved, modelTopology: { ...topology, config: { ...topology.config, name: 'sequential_1' } } };
      expect(JSON.stringify(written)).toBe(JSON.stringify(renamed));
    });

    it('loadTfjsModel rejects an artefact of another format', async () => {
      const artefact = { format: 'keras', modelTopology: {}, weightSpecs: [], weightDataBase64: '' } as unknown as TfjsModelArtefact;
      await expect(loadTfjsModel(artefact)).rejects.toThrow(/not a tfjs layers model artefact/);
    });

    it('the tfjs trainer (float32) follows the fused trainer (float64)', async () => {
      const before = tf.memory().numTensors;
      const fit = await trainMlpTfjs(train.X, train.y, { hidden: [64], alpha: 1e-4, randomState: SEED, maxIter: EPOCHS });
      expect(tf.memory().numTensors).toBe(before);
      expect(fit.epochs).toBe(EPOCHS);
      // float32 rounding only: measured ~1e-6 relative on the losses, ~1e-6 on the RMSE.
      expect(maxRelativeDifference(fit.lossCurve, fused.lossCurve)).toBeLessThan(1e-4);
      const fusedRmse = rmse(valid.y, predictMlp(fused.weights, valid.X));
      expect(Math.abs(rmse(valid.y, predictMlp(fit.weights, valid.X)) - fusedRmse)).toBeLessThan(1e-4);
    });
  });
});
