/** A full-rank least-squares solution and what standard errors need from it. */
export interface LeastSquaresSolution {
  readonly coefficients: Float64Array;
  /** diag((XᵀX)⁻¹), from R⁻¹ so XᵀX is never formed (it would square the condition number). */
  readonly inverseGramDiagonal: Float64Array;
}

/**
 * Solves min ‖y − Xb‖ by Householder QR. X is rows × cols, row-major.
 * Throws on a rank-deficient design rather than returning one of many solutions.
 */
export function leastSquares(X: Float64Array, rows: number, cols: number, y: Float64Array): LeastSquaresSolution {
  if (X.length !== rows * cols) throw new Error(`design has ${X.length} values, expected ${rows}×${cols}`);
  if (y.length !== rows) throw new Error(`target has ${y.length} values, design has ${rows} rows`);
  if (rows < cols) throw new Error(`${rows} rows cannot determine ${cols} coefficients`);

  // Column-major copy: each reflection then walks contiguous memory.
  const a = Array.from({ length: cols }, (_, j) => {
    const col = new Float64Array(rows);
    for (let i = 0; i < rows; i++) col[i] = X[i * cols + j];
    return col;
  });
  const qty = Float64Array.from(y);
  const diagonal = new Float64Array(cols);

  for (let k = 0; k < cols; k++) {
    const v = a[k];
    let norm = 0;
    for (let i = k; i < rows; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    if (norm === 0) throw new Error(`design column ${k} is linearly dependent on earlier columns`);
    // Reflect onto −sign(v_k)·‖v‖ so v_k − alpha never cancels.
    const alpha = v[k] > 0 ? -norm : norm;
    v[k] -= alpha;
    const vtv = 2 * norm * (norm + Math.abs(v[k] + alpha));
    let j = k + 1;
    for (; j + 4 <= cols; j += 4) reflectFour(v, a[j], a[j + 1], a[j + 2], a[j + 3], k, rows, vtv);
    for (; j < cols; j++) reflect(v, a[j], k, rows, vtv);
    reflect(v, qty, k, rows, vtv);
    diagonal[k] = alpha;
  }

  checkRank(diagonal, rows, cols);
  const rInverse = upperInverse(a, diagonal, cols);
  const coefficients = new Float64Array(cols);
  const inverseGramDiagonal = new Float64Array(cols);
  for (let i = 0; i < cols; i++) {
    let b = 0;
    let g = 0;
    for (let j = i; j < cols; j++) {
      b += rInverse[i * cols + j] * qty[j];
      g += rInverse[i * cols + j] ** 2;
    }
    coefficients[i] = b;
    inverseGramDiagonal[i] = g;
  }
  return { coefficients, inverseGramDiagonal };
}

/** target −= v · (2 vᵀtarget / vᵀv) over rows k.. */
function reflect(v: Float64Array, target: Float64Array, k: number, rows: number, vtv: number): void {
  let dot = 0;
  for (let i = k; i < rows; i++) dot += v[i] * target[i];
  const scale = (2 * dot) / vtv;
  for (let i = k; i < rows; i++) target[i] -= scale * v[i];
}

/** `reflect` on four targets in one pass over v: the same sums, in the same order, for each. */
function reflectFour(v: Float64Array, t0: Float64Array, t1: Float64Array, t2: Float64Array, t3: Float64Array, k: number, rows: number, vtv: number): void {
  let d0 = 0, d1 = 0, d2 = 0, d3 = 0;
  for (let i = k; i < rows; i++) {
    const vi = v[i];
    d0 += vi * t0[i];
    d1 += vi * t1[i];
    d2 += vi * t2[i];
    d3 += vi * t3[i];
  }
  const s0 = (2 * d0) / vtv, s1 = (2 * d1) / vtv, s2 = (2 * d2) / vtv, s3 = (2 * d3) / vtv;
  for (let i = k; i < rows; i++) {
    const vi = v[i];
    t0[i] -= s0 * vi;
    t1[i] -= s1 * vi;
    t2[i] -= s2 * vi;
    t3[i] -= s3 * vi;
  }
}

/** numpy.linalg.matrix_rank's tolerance, applied to R's diagonal (no pivoting, so a screen). */
function checkRank(diagonal: Float64Array, rows: number, cols: number): void {
  const largest = Math.max(...Array.from(diagonal, Math.abs));
  const tolerance = largest * Math.max(rows, cols) * Number.EPSILON;
  diagonal.forEach((d, k) => {
    if (Math.abs(d) <= tolerance) throw new Error(`design column ${k} is linearly dependent on earlier columns`);
  });
}

/** R⁻¹ (row-major, upper) where R's strict upper part sits in a[j][i], i < j, and its diagonal apart. */
function upperInverse(a: readonly Float64Array[], diagonal: Float64Array, cols: number): Float64Array {
  const inv = new Float64Array(cols * cols);
  for (let j = 0; j < cols; j++) {
    inv[j * cols + j] = 1 / diagonal[j];
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let m = i + 1; m <= j; m++) s += a[m][i] * inv[m * cols + j];
      inv[i * cols + j] = -s / diagonal[i];
    }
  }
  return inv;
}
