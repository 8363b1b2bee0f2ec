/**
 * numpy's pairwise summation (pairwise_sum_DOUBLE): what np.sum does along a contiguous axis,
 * e.g. down a column of a pandas-backed (Fortran-order) array, here read in place from a
 * row-major table, of the column's values less `shift` (0: the values themselves, x − 0 being x),
 * squared when asked: the sums of x, x − m and (x − m)² numpy takes of the arrays it makes, bit
 * for bit, without making them.
 */
export function numpyPairwiseColumnSum(
  data: Float64Array,
  width: number,
  column: number,
  rows: number,
  shift = 0,
  squared = false,
): number {
  return pairwise(data, column, rows, width, shift, squared);
}

/** The sum of n terms from data[first], data[first + stride], … */
function pairwise(data: Float64Array, first: number, n: number, stride: number, shift: number, squared: boolean): number {
  if (n <= 128) return squared ? leafSquared(data, first, n, stride, shift) : leaf(data, first, n, stride, shift);
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwise(data, first, half, stride, shift, squared) + pairwise(data, first + half * stride, n - half, stride, shift, squared);
}

/** numpy's leaf: under 8 terms in order; else eight accumulators (as locals: an array would be allocated per leaf), combined in its tree. */
function leaf(data: Float64Array, first: number, n: number, stride: number, shift: number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = 0, k = first; i < n; i++, k += stride) sum += data[k] - shift;
    return sum;
  }
  let r0 = data[first] - shift;
  let r1 = data[first + stride] - shift;
  let r2 = data[first + 2 * stride] - shift;
  let r3 = data[first + 3 * stride] - shift;
  let r4 = data[first + 4 * stride] - shift;
  let r5 = data[first + 5 * stride] - shift;
  let r6 = data[first + 6 * stride] - shift;
  let r7 = data[first + 7 * stride] - shift;
  let i = 8;
  let k = first + 8 * stride;
  for (; i < n - (n % 8); i += 8, k += 8 * stride) {
    r0 += data[k] - shift;
    r1 += data[k + stride] - shift;
    r2 += data[k + 2 * stride] - shift;
    r3 += data[k + 3 * stride] - shift;
    r4 += data[k + 4 * stride] - shift;
    r5 += data[k + 5 * stride] - shift;
    r6 += data[k + 6 * stride] - shift;
    r7 += data[k + 7 * stride] - shift;
  }
  let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
  for (; i < n; i++, k += stride) sum += data[k] - shift;
  return sum;
}

/** `leaf` of the squares (x − shift)². */
function leafSquared(data: Float64Array, first: number, n: number, stride: number, shift: number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = 0, k = first; i < n; i++, k += stride) sum += (data[k] - shift) * (data[k] - shift);
    return sum;
  }
  let r0 = (data[first] - shift) * (data[first] - shift);
  let r1 = (data[first + stride] - shift) * (data[first + stride] - shift);
  let r2 = (data[first + 2 * stride] - shift) * (data[first + 2 * stride] - shift);
  let r3 = (data[first + 3 * stride] - shift) * (data[first + 3 * stride] - shift);
  let r4 = (data[first + 4 * stride] - shift) * (data[first + 4 * stride] - shift);
  let r5 = (data[first + 5 * stride] - shift) * (data[first + 5 * stride] - shift);
  let r6 = (data[first + 6 * stride] - shift) * (data[first + 6 * stride] - shift);
  let r7 = (data[first + 7 * stride] - shift) * (data[first + 7 * stride] - shift);
  let i = 8;
  let k = first + 8 * stride;
  for (; i < n - (n % 8); i += 8, k += 8 * stride) {
    r0 += (data[k] - shift) * (data[k] - shift);
    r1 += (data[k + stride] - shift) * (data[k + stride] - shift);
    r2 += (data[k + 2 * stride] - shift) * (data[k + 2 * stride] - shift);
    r3 += (data[k + 3 * stride] - shift) * (data[k + 3 * stride] - shift);
    r4 += (data[k + 4 * stride] - shift) * (data[k + 4 * stride] - shift);
    r5 += (data[k + 5 * stride] - shift) * (data[k + 5 * stride] - shift);
    r6 += (data[k + 6 * stride] - shift) * (data[k + 6 * stride] - shift);
    r7 += (data[k + 7 * stride] - shift) * (data[k + 7 * stride] - shift);
  }
  let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
  for (; i < n; i++, k += stride) sum += (data[k] - shift) * (data[k] - shift);
  return sum;
}
