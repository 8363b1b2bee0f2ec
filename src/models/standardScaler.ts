import type { NumericTable } from '../data/numericTable.js';
import { numpyPairwiseColumnSum } from './numpyPairwiseSum.js';

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
  for (let j = 0; j < width; j++) {
    const m = numpyPairwiseColumnSum(data, width, j, rows) / rows;
    const correction = numpyPairwiseColumnSum(data, width, j, rows, m);
    const variance = (numpyPairwiseColumnSum(data, width, j, rows, m, true) - (correction * correction) / rows) / rows;
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
  const out = new Float64Array(table.data.length);
  for (let i = 0; i < table.rows; i++) {
    for (let j = 0; j < width; j++) out[i * width + j] = (table.data[i * width + j] - scaler.mean[j]) / scaler.scale[j];
  }
  return { columns: table.columns, rows: table.rows, data: out };
}
