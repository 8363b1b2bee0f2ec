import { describe, expect, it } from 'vitest';
import { NumpyRandomState } from '../../src/data/numpyRandomState.js';
import { householderQr } from '../../src/models/householderQr.js';
import { certainlyFullRank, designRank, singularValues } from '../../src/models/pseudoInverseLeastSquares.js';

/** rows × cols, column j scaled by 10^-(j·decay): conditioning from 1 to far past the rank tolerance. */
function design(rows: number, cols: number, decay: number, seed: number): Float64Array {
  const random = new NumpyRandomState(seed);
  return Float64Array.from({ length: rows * cols }, (_, at) => random.standardNormal() * 10 ** (-(at % cols) * decay));
}

describe('certainlyFullRank', () => {
  it('decides only where designRank would find full rank, and decides well-conditioned designs', () => {
    let decided = 0;
    let undecided = 0;
    for (const [rows, cols] of [[200, 5], [1000, 12], [3000, 41]]) {
      for (const decay of [0, 0.5, 1, 1.5, 2, 3, 4]) {
        const qr = householderQr(design(rows, cols, decay, rows + cols + decay * 10), rows, cols);
        const rank = designRank(singularValues(qr), rows, cols);
        if (certainlyFullRank(qr, rows)) {
          decided++;
          expect(rank).toBe(cols);
        } else {
          undecided++;
        }
        // Conditioning within four orders of magnitude is always decided without the SVD.
        if (decay * (cols - 1) <= 4) expect(certainlyFullRank(qr, rows)).toBe(true);
      }
    }
    expect(decided).toBeGreaterThan(0);
    expect(undecided).toBeGreaterThan(0);
  });

  it('leaves collinear, zero and non-finite columns to the singular values', () => {
    const rows = 100;
    const X = design(rows, 4, 0, 3);
    for (let i = 0; i < rows; i++) X[i * 4 + 3] = X[i * 4] + 2 * X[i * 4 + 1];
    expect(certainlyFullRank(householderQr(X, rows, 4), rows)).toBe(false);
    const zero = design(rows, 3, 0, 4);
    for (let i = 0; i < rows; i++) zero[i * 3 + 1] = 0;
    expect(certainlyFullRank(householderQr(zero, rows, 3), rows)).toBe(false);
    const infinite = design(rows, 3, 0, 5);
    infinite[7] = Infinity;
    expect(certainlyFullRank(householderQr(infinite, rows, 3), rows)).toBe(false);
  });
});
