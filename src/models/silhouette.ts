import type { NumericTable } from '../data/numericTable.js';

/**
 * Mean silhouette coefficient with euclidean distances, as sklearn.metrics.silhouette_score:
 * per row (b - a) / max(a, b) with a the mean distance to the rest of its own cluster and b the
 * smallest mean distance to another cluster; rows of singleton clusters score 0. Exact O(n²):
 * every pair is visited once and credited to both rows' per-cluster sums, so memory stays O(n·k).
 */
export function silhouetteScore(X: NumericTable, labels: ArrayLike<number>): number {
  const { rows, data } = X;
  const width = X.columns.length;
  if (labels.length !== rows) throw new Error(`got ${labels.length} labels for ${rows} rows`);
  const { codes, clusters } = encodeLabels(labels);
  if (clusters < 2 || clusters > rows - 1) {
    throw new Error(`silhouette needs between 2 and ${rows - 1} (rows - 1) distinct labels, got ${clusters}`);
  }
  const sizes = new Float64Array(clusters);
  for (let i = 0; i < rows; i++) sizes[codes[i]] += 1;

  // distanceSums[i * clusters + c]: sum of distances from row i to the rows of cluster c.
  const distanceSums = new Float64Array(rows * clusters);
  for (let i = 0; i < rows; i++) {
    const rowI = i * width;
    const sumsI = i * clusters;
    const codeI = codes[i];
    for (let m = i + 1; m < rows; m++) {
      const rowM = m * width;
      let squared = 0;
      for (let j = 0; j < width; j++) {
        const diff = data[rowI + j] - data[rowM + j];
        squared += diff * diff;
      }
      const distance = Math.sqrt(squared);
      distanceSums[sumsI + codes[m]] += distance;
      distanceSums[m * clusters + codeI] += distance;
    }
  }

  let total = 0;
  for (let i = 0; i < rows; i++) {
    const own = codes[i];
    if (sizes[own] === 1) continue;
    const a = distanceSums[i * clusters + own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < clusters; c++) {
      if (c !== own) b = Math.min(b, distanceSums[i * clusters + c] / sizes[c]);
    }
    const denominator = Math.max(a, b);
    // 0/0 (a row whose cluster and nearest cluster all sit on it) counts as 0, as numpy's nan_to_num.
    if (denominator > 0) total += (b - a) / denominator;
  }
  return total / rows;
}

/** Arbitrary label values to codes 0..clusters-1 (like LabelEncoder; the order is irrelevant here). */
function encodeLabels(labels: ArrayLike<number>): { codes: Int32Array; clusters: number } {
  const index = new Map<number, number>();
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    let code = index.get(labels[i]);
    if (code === undefined) {
      code = index.size;
      index.set(labels[i], code);
    }
    codes[i] = code;
  }
  return { codes, clusters: index.size };
}
