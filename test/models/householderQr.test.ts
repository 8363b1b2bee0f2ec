import { describe, expect, it } from 'vitest';
import { NumpyRandomState } from '../../src/data/numpyRandomState.js';
import { combineColumns, householderQr } from '../../src/models/householderQr.js';

/**
 * The plain right-looking Householder QR, written out once more: for each column k its reflection
 * (‖v‖ summed over rows k.. in order), then every later column and b reflected in turn, each dot
 * summed over rows k.. in order. householderQr must give these R and Qᵀb, bit for bit.
 */
function reference(X: Float64Array, rows: number, cols: number, b: Float64Array) {
  const a = Array.from({ length: cols }, (_, j) => Float64Array.from({ length: rows }, (_, i) => X[i * cols + j]));
  const t = Float64Array.from(b);
  const R = new Float64Array(cols * cols);
  const reflect = (v: Float64Array, target: Float64Array, k: number, vtv: number) => {
    let dot = 0;
    for (let i = k; i < rows; i++) dot += v[i] * target[i];
    const scale = (2 * dot) / vtv;
    for (let i = k; i < rows; i++) target[i] -= scale * v[i];
  };
  for (let k = 0; k < cols; k++) {
    const v = a[k];
    let sq = 0;
    for (let i = k; i < rows; i++) sq += v[i] * v[i];
    const norm = Math.sqrt(sq);
    if (norm !== 0) {
      const alpha = v[k] > 0 ? -norm : norm;
      v[k] -= alpha;
      const vtv = 2 * norm * (norm + Math.abs(v[k] + alpha));
      for (let j = k + 1; j < cols; j++) reflect(v, a[j], k, vtv);
      reflect(v, t, k, vtv);
      R[k * cols + k] = alpha;
    }
    for (let i = 0; i < k; i++) R[i * cols + k] = v[i];
  }
  return { R, qtb: t.slice(0, cols) };
}

/** Entries of mixed sign and magnitude (10^-3 .. 10^4), some exactly 0 or -0. */
function randomMatrix(rows: number, cols: number, seed: number): Float64Array {
  const random = new NumpyRandomState(seed);
  return Float64Array.from({ length: rows * cols }, () => {
    const u = random.randomDouble();
    if (u < 0.03) return 0;
    if (u < 0.05) return -0;
    return random.standardNormal() * 10 ** random.randint(-3, 5);
  });
}

function expectBitIdentical(X: Float64Array, rows: number, cols: number, b?: Float64Array) {
  const copy = Float64Array.from(X);
  const ours = householderQr(X, rows, cols, b);
  const theirs = reference(X, rows, cols, b ?? new Float64Array(rows));
  expect(ours.cols).toBe(cols);
  expect(ours.R.length).toBe(cols * cols);
  expect(ours.qtb.length).toBe(cols);
  const mismatch = (ours: Float64Array, theirs: Float64Array) => ours.findIndex((x, i) => !Object.is(x, theirs[i]));
  expect(mismatch(ours.R, theirs.R)).toBe(-1);
  expect(mismatch(ours.qtb, theirs.qtb)).toBe(-1);
  expect(X).toEqual(copy);
}

describe('householderQr gives the right-looking scalar QR’s R and Qᵀb, bit for bit', () => {
  // One block (b included: up to 8 columns), and several: 8 and 40 leave padding, 11 and 41 fill their last block.
  const widths = [1, 2, 3, 7, 8, 11, 40, 41];
  const heights = [41, 97, 1013];
  for (const cols of widths) {
    for (const rows of heights) {
      it(`random ${rows} × ${cols}, with and without b`, () => {
        const X = randomMatrix(rows, cols, rows * 100 + cols);
        const random = new NumpyRandomState(cols);
        const b = Float64Array.from({ length: rows }, () => random.standardNormal() * 50);
        expectBitIdentical(X, rows, cols, b);
        expectBitIdentical(X, rows, cols);
      });
    }
  }

  it('square matrices (no row below the last reflection)', () => {
    for (const n of [1, 2, 5, 8, 13]) expectBitIdentical(randomMatrix(n, n, n), n, n, randomMatrix(n, 1, n + 1));
  });

  it('a zero column', () => {
    for (const cols of [1, 2, 3, 7, 8, 40, 41]) {
      const rows = 203;
      const X = randomMatrix(rows, cols, cols);
      const zero = Math.floor(cols / 2);
      for (let i = 0; i < rows; i++) X[i * cols + zero] = 0;
      expectBitIdentical(X, rows, cols, randomMatrix(rows, 1, 9));
    }
  });

  it('a column zero from the diagonal down once the earlier reflections are applied (none of its own, R’s diagonal 0)', () => {
    for (const cols of [2, 3, 7, 8, 40, 41]) {
      const rows = 203;
      const X = randomMatrix(rows, cols, cols + 1);
      // Columns 0..z are zero below row z - 1: reflections 0..z-1 leave column z zero from row z down.
      const z = Math.min(cols - 1, 5);
      for (let i = z; i < rows; i++) for (let j = 0; j <= z; j++) X[i * cols + j] = 0;
      expectBitIdentical(X, rows, cols, randomMatrix(rows, 1, 10));
    }
  });

  it('rank-deficient designs: duplicated, proportional and constant columns', () => {
    for (const cols of [2, 7, 12, 41]) {
      const rows = 333;
      const X = randomMatrix(rows, cols, 7 * cols);
      for (let i = 0; i < rows; i++) {
        X[i * cols] = 1;
        X[i * cols + cols - 1] = X[i * cols + Math.floor(cols / 2)];
        if (cols > 3) X[i * cols + 2] = 3 * X[i * cols + 1];
      }
      expectBitIdentical(X, rows, cols, randomMatrix(rows, 1, 3));
    }
  });

  it('non-finite entries travel as the scalar loops carry them', () => {
    for (const cols of [5, 13]) {
      const rows = 60;
      const X = randomMatrix(rows, cols, 11);
      X[17 * cols + 3] = Infinity;
      X[40 * cols + 4] = NaN;
      expectBitIdentical(X, rows, cols, randomMatrix(rows, 1, 12));
    }
  });

  it('with constantFirst, the QR of a column of ones then X, bit for bit, without the ones in X', () => {
    for (const [rows, xCols] of [[50, 0], [50, 1], [97, 6], [97, 7], [300, 11], [1013, 40]]) {
      const X = randomMatrix(rows, xCols, 100 + xCols);
      const b = randomMatrix(rows, 1, 200 + xCols);
      const withOnes = new Float64Array(rows * (xCols + 1));
      for (let i = 0; i < rows; i++) {
        withOnes[i * (xCols + 1)] = 1;
        withOnes.set(X.subarray(i * xCols, (i + 1) * xCols), i * (xCols + 1) + 1);
      }
      const ours = householderQr(X, rows, xCols + 1, b, { constantFirst: true });
      const theirs = reference(withOnes, rows, xCols + 1, b);
      expect(ours.R.findIndex((x, i) => !Object.is(x, theirs.R[i]))).toBe(-1);
      expect(ours.qtb.findIndex((x, i) => !Object.is(x, theirs.qtb[i]))).toBe(-1);
    }
    expect(() => householderQr(new Float64Array(6), 3, 2, undefined, { constantFirst: true })).toThrow('matrix has 6 values, expected 3×1');
  });

  it('with centerColumns, the QR of X minus its column means (summed in row order), bit for bit, and those means', () => {
    for (const [rows, cols] of [[50, 1], [97, 5], [97, 8], [300, 11], [1013, 40]]) {
      const X = randomMatrix(rows, cols, 300 + cols);
      const b = randomMatrix(rows, 1, 400 + cols);
      const means = new Float64Array(cols);
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) means[j] += X[i * cols + j];
      for (let j = 0; j < cols; j++) means[j] /= rows;
      const centered = X.map((x, at) => x - means[at % cols]);
      const ours = householderQr(X, rows, cols, b, { centerColumns: true });
      const theirs = reference(centered, rows, cols, b);
      expect(ours.columnMeans!.findIndex((x, j) => !Object.is(x, means[j]))).toBe(-1);
      expect(ours.R.findIndex((x, i) => !Object.is(x, theirs.R[i]))).toBe(-1);
      expect(ours.qtb.findIndex((x, i) => !Object.is(x, theirs.qtb[i]))).toBe(-1);
    }
    expect(() => householderQr(new Float64Array(6), 3, 3, undefined, { constantFirst: true, centerColumns: true })).toThrow('a constant column cannot be centered');
  });

  it('reads a matrix as an encoded design stores it (float64 columns and 0/1 byte columns), bit for bit as the dense one', () => {
    for (const [rows, xCols] of [[97, 7], [300, 11], [1013, 40]]) {
      const values = randomMatrix(rows, xCols, 500 + xCols);
      const indicatorColumns = Int32Array.from({ length: xCols }, (_, j) => j).filter((j) => j % 3 !== 0);
      const valueColumns = Int32Array.from({ length: xCols }, (_, j) => j).filter((j) => j % 3 === 0);
      const dense = new Float64Array(rows * xCols);
      const stored = new Float64Array(rows * valueColumns.length);
      const indicators = new Uint8Array(rows * indicatorColumns.length);
      for (let i = 0; i < rows; i++) {
        valueColumns.forEach((j, v) => (dense[i * xCols + j] = stored[i * valueColumns.length + v] = values[i * xCols + j]));
        indicatorColumns.forEach((j, d) => (dense[i * xCols + j] = indicators[i * indicatorColumns.length + d] = (i * 7 + j) % 5 === 0 ? 1 : 0));
      }
      const b = randomMatrix(rows, 1, 600 + xCols);
      const ours = householderQr({ values: stored, valueColumns, indicators, indicatorColumns }, rows, xCols + 1, b, { constantFirst: true });
      const theirs = householderQr(dense, rows, xCols + 1, b, { constantFirst: true });
      expect(ours.R.findIndex((x, i) => !Object.is(x, theirs.R[i]))).toBe(-1);
      expect(ours.qtb.findIndex((x, i) => !Object.is(x, theirs.qtb[i]))).toBe(-1);
    }
  });

  it('combineColumns: start + Σ (x − shift) · w in column order, bit for bit, dense or stored, for each weight vector', () => {
    for (const [rows, width] of [[50, 1], [97, 7], [1013, 40]]) {
      const X = randomMatrix(rows, width, 700 + width);
      const weights = [randomMatrix(width, 1, 800 + width), randomMatrix(width, 1, 900 + width)];
      const shift = randomMatrix(width, 1, 1000 + width);
      const scalar = (x: Float64Array, w: Float64Array, start: number, s?: Float64Array) => (i: number) => {
        let sum = start;
        for (let j = 0; j < width; j++) sum += (s === undefined ? x[i * width + j] : x[i * width + j] - s[j]) * w[j];
        return sum;
      };
      const fitted = combineColumns(X, rows, width, [weights[0]], { start: weights[1][0] });
      const rowSum = scalar(X, weights[0], weights[1][0]);
      const expected = Float64Array.from({ length: rows }, (_, i) => rowSum(i));
      expect(fitted.findIndex((x, i) => !Object.is(x, expected[i]))).toBe(-1);
      const scores = combineColumns(X, rows, width, weights, { shift });
      const expectedScores = Float64Array.from({ length: rows * 2 }, (_, at) => scalar(X, weights[at % 2], 0, shift)(Math.floor(at / 2)));
      expect(scores.findIndex((x, i) => !Object.is(x, expectedScores[i]))).toBe(-1);
      // Column 0 as 0/1 bytes: the same sums as the dense matrix holding those bytes.
      if (width < 2) continue;
      const bytes = Uint8Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 1 : 0));
      const dense = X.map((x, at) => (at % width === 0 ? bytes[Math.floor(at / width)] : x));
      const valueColumns = Int32Array.from({ length: width - 1 }, (_, j) => j + 1);
      const values = Float64Array.from({ length: rows * (width - 1) }, (_, at) => dense[Math.floor(at / (width - 1)) * width + 1 + (at % (width - 1))]);
      const stored = combineColumns({ values, valueColumns, indicators: bytes, indicatorColumns: Int32Array.of(0) }, rows, width, weights, { shift });
      const denseScores = combineColumns(dense, rows, width, weights, { shift });
      expect(stored.findIndex((x, i) => !Object.is(x, denseScores[i]))).toBe(-1);
    }
  });

  it('refuses mismatched sizes and too few rows', () => {
    expect(() => householderQr(new Float64Array(5), 2, 3)).toThrow('matrix has 5 values, expected 2×3');
    expect(() => householderQr(new Float64Array(6), 3, 2, new Float64Array(2))).toThrow('right-hand side has 2 values, matrix has 3 rows');
    expect(() => householderQr(new Float64Array(6), 2, 3)).toThrow('2 rows cannot determine 3 coefficients');
  });
});
