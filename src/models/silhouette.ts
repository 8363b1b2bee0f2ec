import type { NumericTable } from '../data/numericTable.js';
import { SilhouetteWorkspace } from './silhouetteWasmKernel.js';

/**
 * Mean silhouette coefficient with euclidean distances, as sklearn.metrics.silhouette_score:
 * per row (b - a) / max(a, b) with a the mean distance to the rest of its own cluster and b the
 * smallest mean distance to another cluster; rows of singleton clusters score 0. Exact O(n²):
 * every pair is visited once and credited to both rows' per-cluster sums, so memory stays O(n·k).
 *
 * The rows are visited sorted by cluster (stably), so that a row's sum for one cluster is a run
 * of contiguous rows that two rows at a time fill in SIMD (silhouetteWasmKernel.ts). Each sum
 * still adds the same distances in the same order (the other rows' original order), so the
 * score is bit-identical to the plain pair loop over the original rows.
 */
export function silhouetteScore(X: NumericTable, labels: ArrayLike<number>): number {
  const { rows } = X;
  const width = X.columns.length;
  if (labels.length !== rows) throw new Error(`got ${labels.length} labels for ${rows} rows`);
  const { codes, clusters } = encodeLabels(labels);
  if (clusters < 2 || clusters > rows - 1) {
    throw new Error(`silhouette needs between 2 and ${rows - 1} (rows - 1) distinct labels, got ${clusters}`);
  }
  // starts[c]..starts[c + 1]: cluster c's rows in the sorted order; position[i]: row i's place.
  const starts = new Int32Array(clusters + 1);
  for (let i = 0; i < rows; i++) starts[codes[i] + 1]++;
  for (let c = 0; c < clusters; c++) starts[c + 1] += starts[c];
  const position = new Int32Array(rows);
  const filled = starts.slice(0, clusters);
  for (let i = 0; i < rows; i++) position[i] = filled[codes[i]]++;

  const workspace = new SilhouetteWorkspace(rows, width, clusters);
  const { rows: sorted, sums } = workspace;
  for (let i = 0; i < rows; i++) sorted.set(X.data.subarray(i * width, i * width + width), position[i] * width);

  for (let c = 0; c < clusters; c++) {
    for (let p = starts[c]; p < starts[c + 1]; ) {
      if (p + 1 < starts[c + 1]) {
        // Rows p and p + 1 of one cluster: their own pair, then every later row two lanes at a time.
        const distance = rowDistance(sorted, width, p, p + 1);
        sums[c * rows + p] += distance;
        sums[c * rows + p + 1] += distance;
        workspace.rowPairSums(p, p + 2, starts[c + 1], c, c, rows);
        for (let other = c + 1; other < clusters; other++) workspace.rowPairSums(p, starts[other], starts[other + 1], other, c, rows);
        p += 2;
      } else {
        // The last row of an odd-sized cluster: only later clusters' rows remain.
        for (let m = starts[c + 1]; m < rows; m++) {
          const distance = rowDistance(sorted, width, p, m);
          sums[clusterAt(starts, m) * rows + p] += distance;
          sums[c * rows + m] += distance;
        }
        p += 1;
      }
    }
  }

  let total = 0;
  for (let i = 0; i < rows; i++) {
    const own = codes[i];
    const p = position[i];
    const size = (c: number) => starts[c + 1] - starts[c];
    if (size(own) === 1) continue;
    const a = sums[own * rows + p] / (size(own) - 1);
    let b = Infinity;
    for (let c = 0; c < clusters; c++) {
      if (c !== own) b = Math.min(b, sums[c * rows + p] / size(c));
    }
    const denominator = Math.max(a, b);
    // 0/0 (a row whose cluster and nearest cluster all sit on it) counts as 0, as numpy's nan_to_num.
    if (denominator > 0) total += (b - a) / denominator;
  }
  return total / rows;
}

/** Euclidean distance of two rows, the squares summed in column order (the kernel's lanes do the same). */
function rowDistance(data: Float64Array, width: number, a: number, b: number): number {
  let squared = 0;
  for (let j = 0; j < width; j++) {
    const diff = data[a * width + j] - data[b * width + j];
    squared += diff * diff;
  }
  return Math.sqrt(squared);
}

function clusterAt(starts: Int32Array, p: number): number {
  let c = 0;
  while (starts[c + 1] <= p) c++;
  return c;
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
