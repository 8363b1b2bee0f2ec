/**
 * The thin QR of a tall rows × cols row-major matrix by Householder reflections (no pivoting):
 * R and Qᵀb, never Q. X and R share their singular values and right singular vectors, so a
 * tall least-squares fit or PCA needs the SVD of the small R only.
 */
export interface ThinQr {
  readonly cols: number;
  /** cols × cols, row-major, upper triangular. */
  readonly R: Float64Array;
  /** The first cols entries of Qᵀb: what the fit reads of the right-hand side. */
  readonly qtb: Float64Array;
}

export function householderQr(X: Float64Array, rows: number, cols: number, b: Float64Array = new Float64Array(rows)): ThinQr {
  if (X.length !== rows * cols) throw new Error(`matrix has ${X.length} values, expected ${rows}×${cols}`);
  if (b.length !== rows) throw new Error(`right-hand side has ${b.length} values, matrix has ${rows} rows`);
  if (rows < cols) throw new Error(`${rows} rows cannot determine ${cols} coefficients`);
  // Column-major copy: each reflection then walks contiguous memory.
  const a = Array.from({ length: cols }, (_, j) => {
    const col = new Float64Array(rows);
    for (let i = 0; i < rows; i++) col[i] = X[i * cols + j];
    return col;
  });
  const qtb = Float64Array.from(b);
  const R = new Float64Array(cols * cols);
  for (let k = 0; k < cols; k++) {
    const v = a[k];
    let norm = 0;
    for (let i = k; i < rows; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    // A column already zero below the diagonal needs no reflection; R's diagonal is then 0.
    if (norm !== 0) {
      // Reflect onto −sign(v_k)·‖v‖ so v_k − alpha never cancels.
      const alpha = v[k] > 0 ? -norm : norm;
      v[k] -= alpha;
      const vtv = 2 * norm * (norm + Math.abs(v[k] + alpha));
      let j = k + 1;
      for (; j + 4 <= cols; j += 4) reflectFour(v, a[j], a[j + 1], a[j + 2], a[j + 3], k, rows, vtv);
      for (; j < cols; j++) reflect(v, a[j], k, rows, vtv);
      reflect(v, qtb, k, rows, vtv);
      R[k * cols + k] = alpha;
    }
    for (let i = 0; i < k; i++) R[i * cols + k] = v[i];
  }
  return { cols, R, qtb: qtb.slice(0, cols) };
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
