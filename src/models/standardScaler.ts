import type { NumericTable } from '../data/numericTable.js';
import { columnMoments } from './numpyPairwiseSum.js';
import { scalerKernels } from './standardScalerWasmKernel.js';

/** scikit-learn StandardScaler state: per-column mean and population standard deviation (ddof 0). */
export interface StandardScaler {
  readonly columns: readonly string[];
  readonly mean: number[];
  readonly scale: number[];
}

/**
 * StandardScaler.fit on a DataFrame, bit for bit: column sums are numpy
 * pairwise sums, and the variance is sklearn's corrected two-pass formula
 * (_incremental_mean_and_var): (Σ(x−m)² − (Σ(x−m))²/n) / n.
 */
export function fitStandardScaler(table: NumericTable): StandardScaler {
  const { rows, columns, data } = table;
  const width = columns.length;
  const mean: number[] = [];
  const scale: number[] = [];
  const { sums, deviations, squares } = columnMoments(data, width, rows);
  for (let j = 0; j < width; j++) {
    const m = sums[j] / rows;
    const correction = deviations[j];
    const variance = (squares[j] - (correction * correction) / rows) / rows;
    mean.push(m);
    scale.push(isConstantFeature(variance, m, rows) || Math.sqrt(variance) < 10 * Number.EPSILON ? 1 : Math.sqrt(variance));
  }
  return { columns: [...columns], mean, scale };
}

/**
 * sklearn's _is_constant_feature: a variance within the rounding error of summing n equal
 * values is zero, so a constant column keeps scale 1 rather than the reciprocal of that error.
 */
function isConstantFeature(variance: number, mean: number, rows: number): boolean {
  const upperBound = rows * Number.EPSILON * variance + (rows * mean * Number.EPSILON) ** 2;
  return variance <= upperBound;
}

export function applyStandardScaler(scaler: StandardScaler, table: NumericTable): NumericTable {
  const width = scaler.columns.length;
  if (table.columns.length !== width || table.columns.some((c, j) => c !== scaler.columns[j])) {
    throw new Error(`scaler was fitted on columns [${scaler.columns.join(', ')}], got [${table.columns.join(', ')}]`);
  }
  // (x − mean) / scale in the scaler kernels' memory: the data, the means, the scales, then the result.
  const count = table.rows * width;
  const meansAt = count * BYTES;
  const scalesAt = meansAt + width * BYTES;
  const outAt = scalesAt + width * BYTES;
  const { buffer, kernels } = scalerKernels(outAt + count * BYTES);
  new Float64Array(buffer, 0, count).set(table.data.subarray(0, count));
  new Float64Array(buffer, meansAt, width).set(scaler.mean);
  new Float64Array(buffer, scalesAt, width).set(scaler.scale);
  kernels.scale(0, count, width, meansAt, scalesAt, outAt);
  return { columns: table.columns, rows: table.rows, data: new Float64Array(buffer, outAt, count).slice() };
}

const BYTES = Float64Array.BYTES_PER_ELEMENT;
