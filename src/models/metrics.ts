/** Root mean squared error, as sqrt(sklearn.metrics.mean_squared_error). */
export function rmse(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkSameLength(actual, predicted);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += (actual[i] - predicted[i]) ** 2;
  return Math.sqrt(sum / actual.length);
}

/** Coefficient of determination, as sklearn.metrics.r2_score (the default regressor score). */
export function r2(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkSameLength(actual, predicted);
  let mean = 0;
  for (let i = 0; i < actual.length; i++) mean += actual[i];
  mean /= actual.length;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < actual.length; i++) {
    residual += (actual[i] - predicted[i]) ** 2;
    total += (actual[i] - mean) ** 2;
  }
  // scikit-learn's convention for a constant target: perfect fit 1, otherwise 0.
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}

/** Pearson correlation, as np.corrcoef(a, b)[0, 1]. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkSameLength(a, b);
  const n = a.length;
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < n; i++) {
    meanA += a[i];
    meanB += b[i];
  }
  meanA /= n;
  meanB /= n;
  let cov = 0;
  let varA = 0;
  let varB = 0;
  for (let i = 0; i < n; i++) {
    cov += (a[i] - meanA) * (b[i] - meanB);
    varA += (a[i] - meanA) ** 2;
    varB += (b[i] - meanB) ** 2;
  }
  return cov / Math.sqrt(varA * varB);
}

function checkSameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} actual values, ${b.length} predictions`);
  if (a.length === 0) throw new Error('no values to score');
}
