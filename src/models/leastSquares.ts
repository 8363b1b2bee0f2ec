import type { ThinQr } from './householderQr.js';

/** A full-rank least-squares solution and what standard errors need from it. */
export interface LeastSquaresSolution {
  readonly coefficients: Float64Array;
  /** diag((XᵀX)⁻¹), from R⁻¹ so XᵀX is never formed (it would square the condition number). */
  readonly inverseGramDiagonal: Float64Array;
}

/**
 * Solves min ‖y − Xb‖ from X's thin QR (householderQr with b = y) by back-substitution.
 * Throws on a rank-deficient design rather than returning one of many solutions.
 */
export function leastSquares({ cols, R, qtb }: ThinQr, rows: number): LeastSquaresSolution {
  checkRank(R, rows, cols);
  const rInverse = upperInverse(R, cols);
  const coefficients = new Float64Array(cols);
  const inverseGramDiagonal = new Float64Array(cols);
  for (let i = 0; i < cols; i++) {
    let b = 0;
    let g = 0;
    for (let j = i; j < cols; j++) {
      b += rInverse[i * cols + j] * qtb[j];
      g += rInverse[i * cols + j] ** 2;
    }
    coefficients[i] = b;
    inverseGramDiagonal[i] = g;
  }
  return { coefficients, inverseGramDiagonal };
}

/** numpy.linalg.matrix_rank's tolerance, applied to R's diagonal (no pivoting, so a screen). */
function checkRank(R: Float64Array, rows: number, cols: number): void {
  const diagonal = Array.from({ length: cols }, (_, k) => Math.abs(R[k * cols + k]));
  const tolerance = Math.max(...diagonal) * Math.max(rows, cols) * Number.EPSILON;
  diagonal.forEach((d, k) => {
    if (d <= tolerance) throw new Error(`design column ${k} is linearly dependent on earlier columns`);
  });
}

/** R⁻¹, row-major upper triangular. */
export function upperInverse(R: Float64Array, cols: number): Float64Array {
  const inv = new Float64Array(cols * cols);
  for (let j = 0; j < cols; j++) {
    inv[j * cols + j] = 1 / R[j * cols + j];
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let m = i + 1; m <= j; m++) s += R[i * cols + m] * inv[m * cols + j];
      inv[i * cols + j] = -s / R[i * cols + i];
    }
  }
  return inv;
}
