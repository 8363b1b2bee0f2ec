import { scalerKernels } from './standardScalerWasmKernel.js';

/** What StandardScaler sums of each column, numpy's way: Σx, then with m = Σx / n, Σ(x − m) and Σ(x − m)². */
export interface ColumnMoments {
  readonly sums: number[];
  readonly deviations: number[];
  readonly squares: number[];
}

/**
 * numpy's pairwise summation (pairwise_sum_DOUBLE): what np.sum does along a contiguous axis,
 * e.g. down a column of a pandas-backed (Fortran-order) array, here read in place from a
 * row-major table (in the scaler kernels' memory, standardScalerWasmKernel.ts): the sums of x,
 * x − m and (x − m)² numpy takes of the arrays it makes, bit for bit, without making them.
 */
export function columnMoments(data: Float64Array, width: number, rows: number): ColumnMoments {
  if (data.length !== rows * width) throw new Error(`table has ${data.length} values, expected ${rows}×${width}`);
  const { buffer, kernels } = scalerKernels(data.length * BYTES);
  new Float64Array(buffer, 0, data.length).set(data);
  const moments: ColumnMoments = { sums: [], deviations: [], squares: [] };
  for (let j = 0; j < width; j++) {
    const sum = kernels.sum(j * BYTES, rows, width * BYTES, 0);
    const m = sum / rows;
    moments.sums.push(sum);
    moments.deviations.push(kernels.sum(j * BYTES, rows, width * BYTES, m));
    moments.squares.push(kernels.sumSquares(j * BYTES, rows, width * BYTES, m));
  }
  return moments;
}

const BYTES = Float64Array.BYTES_PER_ELEMENT;
