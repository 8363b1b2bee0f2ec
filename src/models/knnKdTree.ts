import type { NumericTable } from '../data/numericTable.js';
import type { KnnMetric } from './knnMetric.js';
import { KdLeafDistances } from './knnLeafWasmKernel.js';
import { heapPush } from './knnNeighbourHeap.js';
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
 * nearer child first, trim nodes whose lower bound exceeds the current k-th
 * reduced distance, push leaf rows into the heap. Reduced distance: squared
 * euclidean or manhattan, summed feature by feature as scikit-learn's
 * DistanceMetric does, so every comparison sees the same bits.
 */
export class KdTreeSearch {
  private readonly squared: boolean;
  private query: Float64Array = new Float64Array(0);
  private queryOffset = 0;
  private heapValues: Float64Array = new Float64Array(0);
  private heapIndices: Int32Array = new Int32Array(0);
  private k = 0;
  private onEntrant: HeapEntrantSink | undefined;
  /** childBounds' results. */
  private leftBound = 0;
  private rightBound = 0;
  /** walk's farther children still to visit, and their bounds: one per level at most. */
  private readonly stackNode: Int32Array;
  private readonly stackBound: Float64Array;

  /** The leaves' distances, computed two rows at a time. */
  private readonly leaf: KdLeafDistances;

  constructor(
    private readonly tree: KdTree,
    metric: KnnMetric,
  ) {
    this.squared = metric === 'euclidean';
    const { data, rows, width, idxArray, idxStart, idxEnd, isLeaf } = tree;
    const treeOrdered = new Float64Array(rows * width);
    for (let i = 0; i < rows; i++) treeOrdered.set(data.subarray(idxArray[i] * width, idxArray[i] * width + width), i * width);
    let largestLeaf = 0;
    for (let node = 0; node < tree.nodes; node++) if (isLeaf[node]) largestLeaf = Math.max(largestLeaf, idxEnd[node] - idxStart[node]);
    this.leaf = new KdLeafDistances(treeOrdered, rows, width, largestLeaf, this.squared);
    const levels = Math.log2(tree.nodes + 1);
    this.stackNode = new Int32Array(levels);
    this.stackBound = new Float64Array(levels);
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
    this.query = query;
    this.queryOffset = queryOffset;
    this.heapValues = heapValues;
    this.heapIndices = heapIndices;
    this.k = k;
    this.onEntrant = onEntrant;
    this.leaf.setQuery(query, queryOffset);
    this.walk(0, this.minReducedDistance(0));
  }

  /**
   * The leaf whose rows the query row's search reaches first: the nearer child (as `visit`
   * orders them) at every level. Queries that share it share most of their search's nodes.
   */
  firstLeaf(query: Float64Array, queryOffset: number): number {
    this.query = query;
    this.queryOffset = queryOffset;
    const { isLeaf } = this.tree;
    let node = 0;
    while (!isLeaf[node]) {
      const left = 2 * node + 1;
      this.childBounds(left);
      node = this.leftBound <= this.rightBound ? left : left + 1;
    }
    return node;
  }

  private minReducedDistance(node: number): number {
    const { lower, upper, width } = this.tree;
    const query = this.query;
    const q0 = this.queryOffset;
    const base = node * width;
    let rdist = 0;
    for (let j = 0; j < width; j++) {
      const p = query[q0 + j];
      const dLo = lower[base + j] - p;
      const dHi = p - upper[base + j];
      const half = 0.5 * (dLo + Math.abs(dLo) + (dHi + Math.abs(dHi)));
      rdist += this.squared ? half * half : half;
    }
    return rdist;
  }

  /**
   * minReducedDistance of the sibling nodes `left` and left + 1 (adjacent in lower/upper) in
   * one pass: the same operations per node, so the same bits, at half the loop overhead.
   */
  private childBounds(left: number): void {
    const { lower, upper, width } = this.tree;
    const query = this.query;
    const q0 = this.queryOffset;
    const baseLeft = left * width;
    const baseRight = baseLeft + width;
    let leftBound = 0;
    let rightBound = 0;
    if (this.squared) {
      for (let j = 0; j < width; j++) {
        const p = query[q0 + j];
        const loL = lower[baseLeft + j] - p;
        const hiL = p - upper[baseLeft + j];
        const halfL = 0.5 * (loL + Math.abs(loL) + (hiL + Math.abs(hiL)));
        leftBound += halfL * halfL;
        const loR = lower[baseRight + j] - p;
        const hiR = p - upper[baseRight + j];
        const halfR = 0.5 * (loR + Math.abs(loR) + (hiR + Math.abs(hiR)));
        rightBound += halfR * halfR;
      }
    } else {
      for (let j = 0; j < width; j++) {
        const p = query[q0 + j];
        const loL = lower[baseLeft + j] - p;
        const hiL = p - upper[baseLeft + j];
        leftBound += 0.5 * (loL + Math.abs(loL) + (hiL + Math.abs(hiL)));
        const loR = lower[baseRight + j] - p;
        const hiR = p - upper[baseRight + j];
        rightBound += 0.5 * (loR + Math.abs(loR) + (hiR + Math.abs(hiR)));
      }
    }
    this.leftBound = leftBound;
    this.rightBound = rightBound;
  }

  /**
   * The depth-first walk, iterative: descend to the nearer child, stack the farther one with its
   * bound, and test every node against the heap's top when it is reached, as the recursion did.
   * A node is skipped when its bound reaches the top (not only exceeds it): none of its rows is
   * nearer than the bound, and a row enters the heap only if strictly nearer than the top.
   */
  private walk(root: number, rootBound: number): void {
    const { isLeaf, idxArray, idxStart, idxEnd } = this.tree;
    const heapValues = this.heapValues;
    const heapIndices = this.heapIndices;
    const k = this.k;
    const onEntrant = this.onEntrant;
    const leaf = this.leaf;
    const distances = leaf.out;
    const stackNode = this.stackNode;
    const stackBound = this.stackBound;
    let depth = 0;
    let node = root;
    let lowerBound = rootBound;
    for (;;) {
      if (lowerBound < heapValues[0]) {
        if (!isLeaf[node]) {
          const left = 2 * node + 1;
          this.childBounds(left);
          const lbLeft = this.leftBound;
          const lbRight = this.rightBound;
          if (lbLeft <= lbRight) {
            stackNode[depth] = left + 1;
            stackBound[depth++] = lbRight;
            node = left;
            lowerBound = lbLeft;
          } else {
            stackNode[depth] = left;
            stackBound[depth++] = lbLeft;
            node = left + 1;
            lowerBound = lbRight;
          }
          continue;
        }
        const start = idxStart[node];
        const stop = idxEnd[node];
        const base = leaf.distances(start, stop);
        // No row of a leaf whose least distance reaches the heap's top can enter it.
        if (leaf.least < heapValues[0]) {
          for (let i = start; i < stop; i++) {
            const d = distances[base + i];
            if (d < heapValues[0]) {
              heapPush(heapValues, heapIndices, 0, k, d, idxArray[i]);
              if (onEntrant) onEntrant(d, idxArray[i]);
            }
          }
        }
      }
      if (depth === 0) return;
      node = stackNode[--depth];
      lowerBound = stackBound[depth];
    }
  }
}
