import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { LeastSquaresSolution } from './leastSquares.js';

/** numpy.linalg.pinv's default cutoff, which statsmodels' pinv_extended uses: singular values ≤ rcond·max are dropped. */
const PINV_RCOND = 1e-15;

/** A least-squares solution by the pseudo-inverse, and the design's rank. */
export interface PseudoInverseSolution extends LeastSquaresSolution {
  /** numpy.linalg.matrix_rank of the design, as statsmodels sets model.rank. */
  readonly rank: number;
}

/** The singular values of a rows × cols row-major design, largest first. */
export function singularValues(X: Float64Array, rows: number, cols: number): number[] {
  return new SingularValueDecomposition(designMatrix(X, rows, cols), { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true })
    .diagonal;
}

/** numpy.linalg.matrix_rank from singular values: those above max·max(rows, cols)·eps count. */
export function matrixRank(singular: readonly number[], rows: number, cols: number): number {
  const tolerance = Math.max(...singular) * Math.max(rows, cols) * Number.EPSILON;
  return singular.filter((s) => s > tolerance).length;
}

/**
 * statsmodels' default OLS fit (method 'pinv'): b = pinv(X)·y, normalized covariance
 * pinv(X)·pinv(X)ᵀ, and the rank statsmodels computes from the singular values of X.
 * Unlike QR it has an answer for a rank-deficient design: the minimum-norm solution.
 */
export function pseudoInverseLeastSquares(X: Float64Array, rows: number, cols: number, y: Float64Array): PseudoInverseSolution {
  const svd = new SingularValueDecomposition(designMatrix(X, rows, cols), { autoTranspose: true });
  const singular = svd.diagonal;
  const U = svd.leftSingularVectors;
  const V = svd.rightSingularVectors;
  const cutoff = PINV_RCOND * Math.max(...singular);
  const coefficients = new Float64Array(cols);
  const inverseGramDiagonal = new Float64Array(cols);
  singular.forEach((s, c) => {
    if (!(s > cutoff)) return;
    let uty = 0;
    for (let i = 0; i < rows; i++) uty += U.get(i, c) * y[i];
    for (let j = 0; j < cols; j++) {
      coefficients[j] += (V.get(j, c) * uty) / s;
      inverseGramDiagonal[j] += (V.get(j, c) / s) ** 2;
    }
  });
  // The rank of diag(singular values), as statsmodels passes it to matrix_rank.
  return { coefficients, inverseGramDiagonal, rank: matrixRank(singular, cols, cols) };
}

function designMatrix(X: Float64Array, rows: number, cols: number): Matrix {
  const matrix = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) matrix.set(i, j, X[i * cols + j]);
  return matrix;
}
