import type { NumericTable } from '../data/numericTable.js';
import { combineColumns, householderQr } from './householderQr.js';
import { tallSvd } from './tallSvd.js';

/**
 * Which factor of the SVD fixes each component's sign; the data fix only the axis, not its sign.
 * - 'components': the largest-magnitude loading of each component is positive (scikit-learn >= 1.5,
 *   the convention of the notebook's printed loadings and PC scores).
 * - 'scores': the largest-magnitude entry of each column of U (the normalised scores) is positive
 *   (scikit-learn <= 1.4).
 */
export type PcaSignConvention = 'components' | 'scores';

export interface PcaModel {
  readonly columns: readonly string[];
  readonly mean: number[];
  /** One row per component, one loading per column, in decreasing order of explained variance. */
  readonly components: number[][];
  /** Variance of the scores along each component (squared singular value / (rows - 1)). */
  readonly explainedVariance: number[];
  /** Share of the total variance of all components. */
  readonly explainedVarianceRatio: number[];
  readonly singularValues: number[];
}

/**
 * sklearn.decomposition.PCA with the full SVD of the column-centered data, keeping the first
 * nComponents (default all, min(rows, columns)).
 */
export function fitPca(
  X: NumericTable,
  nComponents?: number,
  signConvention: PcaSignConvention = 'components',
): PcaModel {
  const { rows, columns, data } = X;
  const width = columns.length;
  const rank = Math.min(rows, width);
  if (rows < 2) throw new Error(`PCA needs at least 2 rows, got ${rows}`);
  if (width === 0) throw new Error('PCA needs at least one column');
  const kept = nComponents ?? rank;
  if (!Number.isInteger(kept) || kept < 1 || kept > rank) {
    throw new Error(`nComponents must be an integer between 1 and ${rank} (min of rows and columns), got ${nComponents}`);
  }

  const { mean, singular, V, scoreSigns } = centeredSvd(X, signConvention === 'scores');
  const components = singular.map((_, c) => {
    const sign = signConvention === 'components' ? signOfLargest(Array.from({ length: width }, (_, j) => V[j * rank + c])) : scoreSigns![c];
    return Array.from({ length: width }, (_, j) => sign * V[j * rank + c]);
  });
  const explainedVariance = singular.map((s) => (s * s) / (rows - 1));
  const totalVariance = explainedVariance.reduce((sum, v) => sum + v, 0);
  return {
    columns: [...columns],
    mean: Array.from(mean),
    components: components.slice(0, kept),
    explainedVariance: explainedVariance.slice(0, kept),
    explainedVarianceRatio: explainedVariance.slice(0, kept).map((v) => v / totalVariance),
    singularValues: singular.slice(0, kept),
  };
}

/**
 * The column means, singular values and V (width × rank, row-major) of X's column-centered data
 * and, when asked, the sign of each column of U's largest-magnitude entry. A tall table goes
 * through its QR (which centers it as it loads it): R has the centered data's singular values and
 * V, and U's columns are XV/s, so only the small R is decomposed.
 */
function centeredSvd({ rows, columns, data }: NumericTable, wantScoreSigns: boolean): { mean: Float64Array; singular: number[]; V: Float64Array; scoreSigns?: number[] } {
  const width = columns.length;
  const rank = Math.min(rows, width);
  if (rows < width) {
    const mean = columnMeans(data, rows, width);
    const centered = data.map((x, at) => x - mean[at % width]);
    const svd = tallSvd(centered, rows, width, wantScoreSigns, true);
    const U = svd.U!;
    const scoreSigns = wantScoreSigns ? svd.singular.slice(0, rank).map((_, c) => signOfLargest(Array.from({ length: rows }, (_, i) => U[i * rank + c]))) : undefined;
    return { mean, singular: svd.singular.slice(0, rank), V: svd.V!, scoreSigns };
  }
  const { R, columnMeans: mean } = householderQr(data, rows, width, undefined, { centerColumns: true });
  const svd = tallSvd(R, width, width, false, true);
  const V = svd.V!;
  const scoreSigns = wantScoreSigns ? svd.singular.map((_, c) => signOfLargest(Array.from({ length: rows }, (_, i) => {
    let score = 0;
    for (let j = 0; j < width; j++) score += (data[i * width + j] - mean![j]) * V[j * width + c];
    return score;
  }))) : undefined;
  return { mean: mean!, singular: svd.singular, V, scoreSigns };
}

/** Each column's mean, summed over the rows in order (as householderQr's centering sums). */
function columnMeans(data: Float64Array, rows: number, width: number): Float64Array {
  const mean = new Float64Array(width);
  for (let i = 0, at = 0; i < rows; i++) for (let j = 0; j < width; j++) mean[j] += data[at++];
  for (let j = 0; j < width; j++) mean[j] /= rows;
  return mean;
}

/** Scores on the first nComponents components (default all the model kept): (X - mean) · componentsᵀ. */
export function transformPca(model: PcaModel, X: NumericTable, nComponents?: number): NumericTable {
  const width = model.columns.length;
  if (X.columns.length !== width || X.columns.some((c, j) => c !== model.columns[j])) {
    throw new Error(`PCA was fitted on columns [${model.columns.join(', ')}], got [${X.columns.join(', ')}]`);
  }
  const kept = nComponents ?? model.components.length;
  if (!Number.isInteger(kept) || kept < 1 || kept > model.components.length) {
    throw new Error(`nComponents must be an integer between 1 and ${model.components.length}, got ${nComponents}`);
  }
  // Each score summed as (x − mean) · loading over the columns in order, from 0.
  const loadings = model.components.slice(0, kept).map((component) => Float64Array.from(component));
  const out = combineColumns(X.data, X.rows, width, loadings, { shift: Float64Array.from(model.mean) });
  const columns = Array.from({ length: kept }, (_, c) => `PC${c + 1}`);
  return { columns, rows: X.rows, data: out };
}

/** Sign of the first entry of largest magnitude (numpy argmax of |x|, then np.sign). */
function signOfLargest(values: number[]): number {
  let at = 0;
  for (let i = 1; i < values.length; i++) if (Math.abs(values[i]) > Math.abs(values[at])) at = i;
  return values[at] < 0 ? -1 : 1;
}
