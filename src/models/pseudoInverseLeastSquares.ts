import type { ThinQr } from './householderQr.js';
import { upperInverse, type LeastSquaresSolution } from './leastSquares.js';
import { tallSvd } from './tallSvd.js';

/** The singular values of the design whose thin QR this is (those of R), largest first. */
export function singularValues({ cols, R }: ThinQr): number[] {
  return tallSvd(R, cols, cols, false, false).singular;
}

/**
 * The rank of a rows × cols design from its singular values. statsmodels takes numpy's
 * matrix_rank of diag(s), tolerance max(s)·cols·eps; but an exact dependency (a duplicated
 * column, a constant beside the intercept) leaves a singular value of rounding size, which grows
 * with √rows and lands on either side of that tolerance by luck (2.6e-15 relative on 1,489 rows
 * here, under 1.8e-15 in LAPACK). The tolerance max(s)·cols·√rows·eps counts every such one.
 */
export function designRank(singular: readonly number[], rows: number, cols: number): number {
  const tolerance = Math.max(...singular) * cols * Math.sqrt(rows) * Number.EPSILON;
  return singular.filter((s) => s > tolerance).length;
}

/**
 * Whether designRank would find the design of full rank, decided without an SVD where bounds
 * decide it: σ_max ≤ ‖R‖_F and σ_min ≥ 1/‖R⁻¹‖_F, with a margin of 2 for the bounds' own
 * rounding. A design they leave undecided (near-collinear, or non-finite) is ranked from its
 * singular values. Skips the SVD, most of a well-conditioned fit's fixed cost, and decides
 * as designRank does whenever it decides.
 */
export function certainlyFullRank({ cols, R }: ThinQr, rows: number): boolean {
  const inverse = upperInverse(R, cols);
  let squares = 0;
  let inverseSquares = 0;
  for (let i = 0; i < cols * cols; i++) {
    squares += R[i] * R[i];
    inverseSquares += inverse[i] * inverse[i];
  }
  const tolerance = Math.sqrt(squares) * cols * Math.sqrt(rows) * Number.EPSILON;
  return 1 / Math.sqrt(inverseSquares) > 2 * tolerance;
}

/**
 * statsmodels' default OLS fit (method 'pinv'): b = pinv(X)·y and normalized covariance
 * pinv(X)·pinv(X)ᵀ, from the `rank` largest singular values. Unlike QR it has an answer for a
 * rank-deficient design: the minimum-norm solution. statsmodels cuts at 1e-15·max, where an
 * exactly collinear design's "zero" singular values sit as rounding noise: cutting at the rank
 * (designRank) gives the minimum-norm solution statsmodels gives whenever its own cut is
 * determined, and never the noise's inverse. From X = QR and R = UΣVᵀ: pinv(X)·y = VΣ⁺Uᵀ(Qᵀy).
 */
export function pseudoInverseLeastSquares({ cols, R, qtb }: ThinQr, rank: number): LeastSquaresSolution {
  const { singular, U, V } = tallSvd(R, cols, cols, true, true);
  const coefficients = new Float64Array(cols);
  const inverseGramDiagonal = new Float64Array(cols);
  singular.slice(0, rank).forEach((s, c) => {
    let uty = 0;
    for (let i = 0; i < cols; i++) uty += U![i * cols + c] * qtb[i];
    for (let j = 0; j < cols; j++) {
      coefficients[j] += (V![j * cols + c] * uty) / s;
      inverseGramDiagonal[j] += (V![j * cols + c] / s) ** 2;
    }
  });
  return { coefficients, inverseGramDiagonal };
}
