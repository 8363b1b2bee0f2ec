/**
 * numpy's pairwise summation (pairwise_sum_DOUBLE): what np.sum does along a
 * contiguous axis, e.g. down a column of a pandas-backed (Fortran-order) array.
 */
export function numpyPairwiseSum(values: Float64Array, start = 0, n = values.length - start): number {
  if (n < 8) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[start + i];
    return sum;
  }
  if (n <= 128) {
    const r0 = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => values[start + j]);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r0[j] += values[start + i + j];
    let sum = r0[0] + r0[1] + (r0[2] + r0[3]) + (r0[4] + r0[5] + (r0[6] + r0[7]));
    for (; i < n; i++) sum += values[start + i];
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return numpyPairwiseSum(values, start, half) + numpyPairwiseSum(values, start + half, n - half);
}
