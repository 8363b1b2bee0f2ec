import type { NumericTable } from '../data/numericTable.js';

/** scikit-learn StandardScaler state: per-column mean and population standard deviation (ddof 0). */
export interface StandardScaler {
  readonly columns: readonly string[];
  readonly mean: number[];
  readonly scale: number[];
}

export function fitStandardScaler(table: NumericTable): StandardScaler {
  const { rows, columns, data } = table;
  const width = columns.length;
  const mean = new Array<number>(width).fill(0);
  for (let i = 0; i < rows; i++) for (let j = 0; j < width; j++) mean[j] += data[i * width + j];
  for (let j = 0; j < width; j++) mean[j] /= rows;
  // Two passes: the sum of squared deviations stays accurate where E[x²]−E[x]² would cancel.
  const variance = new Array<number>(width).fill(0);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < width; j++) variance[j] += (data[i * width + j] - mean[j]) ** 2;
  }
  // As scikit-learn, a constant column is left unscaled rather than divided by zero.
  const scale = variance.map((v) => (v > 0 ? Math.sqrt(v / rows) : 1));
  return { columns: [...columns], mean, scale };
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
