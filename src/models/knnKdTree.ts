import type { NumericTable } from '../data/numericTable.js';
import type { KnnMetric } from './knnMetric.js';
import { KdSearchKernel } from './knnKdSearchWasmKernel.js';
import { nthElementByColumn } from './knnNthElement.js';

/** KNeighborsRegressor's default leaf_size. */
export const SKLEARN_LEAF_SIZE = 30;

/**
 * scikit-learn's KDTree (neighbors/_binary_tree.pxi, _kd_tree.pyx), which
 * KNeighborsRegressor(algorithm='auto') uses for data with at most 15
 * features. Nodes live in arrays: node i has children 2i+1 and 2i+2 and owns
 * the training rows idxArray[idxStart[i], idxEnd[i]).
 */
export interface KdTree {
  readonly data: Float64Array;
  readonly width: number;
  readonly rows: number;
  readonly idxArray: Int32Array;
  readonly nodes: number;
  readonly idxStart: Int32Array;
  readonly idxEnd: Int32Array;
  readonly isLeaf: Uint8Array;
  /** nodes × width per-dimension minimum / maximum of the node's rows. */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

export function buildKdTree(train: NumericTable, leafSize: number = SKLEARN_LEAF_SIZE): KdTree {
  const rows = train.rows;
  const width = train.columns.length;
  if (rows === 0) throw new Error('training table has no rows');
  if (!Number.isInteger(leafSize) || leafSize < 1) throw new Error(`leafSize must be an integer >= 1, got ${leafSize}`);
  const levels = Math.floor(Math.log2(Math.max(1, (rows - 1) / leafSize))) + 1;
  const nodes = 2 ** levels - 1;
  const tree: KdTree = {
    data: train.data,
    width,
    rows,
    idxArray: Int32Array.from({ length: rows }, (_, i) => i),
    nodes,
    idxStart: new Int32Array(nodes),
    idxEnd: new Int32Array(nodes),
    isLeaf: new Uint8Array(nodes),
    lower: new Float64Array(nodes * width),
    upper: new Float64Array(nodes * width),
  };
  buildNode(tree, 0, 0, rows);
  return tree;
}

function buildNode(tree: KdTree, node: number, start: number, end: number): void {
  const { data, width, idxArray } = tree;
  const base = node * width;
  for (let j = 0; j < width; j++) {
    tree.lower[base + j] = Infinity;
    tree.upper[base + j] = -Infinity;
  }
  for (let i = start; i < end; i++) {
    const row = idxArray[i] * width;
    for (let j = 0; j < width; j++) {
      const v = data[row + j];
      if (v < tree.lower[base + j]) tree.lower[base + j] = v;
      if (v > tree.upper[base + j]) tree.upper[base + j] = v;
    }
  }
  tree.idxStart[node] = start;
  tree.idxEnd[node] = end;
  if (2 * node + 1 >= tree.nodes || end - start < 2) {
    tree.isLeaf[node] = 1;
    return;
  }
  const split = widestColumn(tree, start, end);
  const mid = Math.floor((end - start) / 2);
  nthElementByColumn(idxArray, start, start + mid, end, data, width, split);
  buildNode(tree, 2 * node + 1, start, start + mid);
  buildNode(tree, 2 * node + 2, start + mid, end);
}

/** First column with the largest max − min over the node's rows (find_node_split_dim). */
function widestColumn(tree: KdTree, start: number, end: number): number {
  const { data, width, idxArray } = tree;
  let best = 0;
  let bestSpread = 0;
  for (let j = 0; j < width; j++) {
    let max = data[idxArray[start] * width + j];
    let min = max;
    for (let i = start + 1; i < end; i++) {
      const v = data[idxArray[i] * width + j];
      if (v > max) max = v;
      if (v < min) min = v;
    }
    if (max - min > bestSpread) {
      bestSpread = max - min;
      best = j;
    }
  }
  return best;
}

/** Receives every (reduced distance, training row) that enters the heap, in order. */
export type HeapEntrantSink = (reducedDistance: number, index: number) => void;

/**
 * Depth-first k-neighbours queries (_query_single_depthfirst): visit the
 * nearer child first, trim nodes whose lower bound reaches the current k-th
 * reduced distance, push leaf rows into the heap. Reduced distance: squared
 * euclidean or manhattan, summed feature by feature as scikit-learn's
 * DistanceMetric does, so every comparison sees the same bits. The walk runs
 * in a WebAssembly kernel (knnKdSearchWasmKernel.ts), one call per query.
 */
export class KdTreeSearch {
  private readonly squared: boolean;
  private readonly kernel: KdSearchKernel;

  constructor(
    private readonly tree: KdTree,
    metric: KnnMetric,
  ) {
    this.squared = metric === 'euclidean';
    this.kernel = new KdSearchKernel(tree, this.squared);
  }

  /** Fills heap[0, k) (which the caller sets to +Infinity) with the query row's k nearest rows, unsorted. */
  run(
    query: Float64Array,
    queryOffset: number,
    heapValues: Float64Array,
    heapIndices: Int32Array,
    k: number,
    onEntrant?: HeapEntrantSink,
  ): void {
    // Element loops rather than subarray copies: a few values per query, no garbage.
    const kernel = this.kernel;
    const { heapValues: kernelValues, heapIndices: kernelIndices } = kernel;
    for (let j = 0; j < this.tree.width; j++) kernel.query[j] = query[queryOffset + j];
    for (let i = 0; i < k; i++) {
      kernelValues[i] = heapValues[i];
      kernelIndices[i] = heapIndices[i];
    }
    const logged = kernel.search(k, onEntrant !== undefined, this.rootBound(query, queryOffset));
    for (let i = 0; i < k; i++) {
      heapValues[i] = kernelValues[i];
      heapIndices[i] = kernelIndices[i];
    }
    if (onEntrant) for (let i = 0; i < logged; i++) onEntrant(kernel.entrantValues[i], kernel.entrantIndices[i]);
  }

  /** min_rdist of the root, where the kernel's walk starts (it computes its children's itself). */
  private rootBound(query: Float64Array, q0: number): number {
    const { lower, upper, width } = this.tree;
    let rdist = 0;
    for (let j = 0; j < width; j++) {
      const p = query[q0 + j];
      const dLo = lower[j] - p;
      const dHi = p - upper[j];
      const half = 0.5 * (dLo + Math.abs(dLo) + (dHi + Math.abs(dHi)));
      rdist += this.squared ? half * half : half;
    }
    return rdist;
  }
}
