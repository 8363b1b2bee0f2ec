import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { NumpyRandomState } from '../../src/data/numpyRandomState.js';
import { tallSvd } from '../../src/models/tallSvd.js';

/** ml-matrix's answer, flattened row-major, as the callers of tallSvd used it before. */
function reference(a: Float64Array, rows: number, columns: number, wantU: boolean, wantV: boolean) {
  const matrix = new Matrix(rows, columns);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) matrix.set(i, j, a[i * columns + j]);
  const svd = new SingularValueDecomposition(matrix, { computeLeftSingularVectors: wantU, computeRightSingularVectors: wantV, autoTranspose: true });
  return {
    singular: svd.diagonal,
    U: wantU ? Float64Array.from(svd.leftSingularVectors.to1DArray()) : undefined,
    V: wantV ? Float64Array.from(svd.rightSingularVectors.to1DArray()) : undefined,
  };
}

function randomMatrix(rows: number, columns: number, seed: number, shape: (row: Float64Array) => void = () => undefined): Float64Array {
  const rng = new NumpyRandomState(seed);
  const out = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    const row = out.subarray(i * columns, (i + 1) * columns);
    for (let j = 0; j < columns; j++) row[j] = rng.randomDouble() * 4 - 2;
    shape(row);
  }
  return out;
}

describe('tallSvd is ml-matrix SingularValueDecomposition, bit for bit', () => {
  const cases: Array<[string, number, number, (row: Float64Array) => void]> = [
    ['tall', 200, 7, () => undefined],
    ['square', 9, 9, () => undefined],
    ['one column', 30, 1, () => undefined],
    // Rank-deficient designs, as OLS meets them: a duplicated column, a constant one, an all-zero one.
    ['duplicated column', 120, 6, (row) => (row[5] = row[1])],
    ['constant and zero columns', 120, 6, (row) => { row[0] = 1; row[3] = 1; row[4] = 0; }],
    ['wide (handed to ml-matrix)', 4, 7, () => undefined],
  ];
  it.each(cases)('%s (%i × %i)', (_, rows, columns, shape) => {
    const a = randomMatrix(rows, columns, rows * 31 + columns, shape);
    const copy = Float64Array.from(a);
    for (const [wantU, wantV] of [[true, true], [false, true], [true, false], [false, false]] as const) {
      const ours = tallSvd(a, rows, columns, wantU, wantV);
      const theirs = reference(a, rows, columns, wantU, wantV);
      expect(ours.singular).toEqual(theirs.singular);
      expect(ours.U).toEqual(theirs.U);
      expect(ours.V).toEqual(theirs.V);
    }
    expect(a).toEqual(copy);
  });

  it('refuses an empty matrix', () => {
    expect(() => tallSvd(new Float64Array(0), 0, 3, true, true)).toThrow(/non-empty/);
  });
});
