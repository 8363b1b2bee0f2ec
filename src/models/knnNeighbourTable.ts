import type { NumericTable } from '../data/numericTable.js';
import { buildKdTree, KdTreeSearch } from './knnKdTree.js';
import { assertMetric, reducedToDistance, type KnnMetric } from './knnMetric.js';
import { heapPush, simultaneousSort } from './knnNeighbourHeap.js';

export { KNN_METRICS, assertMetric, type KnnMetric } from './knnMetric.js';

/**
 * The kMax nearest training rows of every query row, nearest first, exactly as
 * KNeighborsRegressor(n_neighbors=kMax).kneighbors returns them. One table
 * serves every k <= kMax and both weightings, so a grid search needs one per
 * (metric, fold) rather than one per cell.
 *
 * When distances tie, which of the tied rows scikit-learn keeps depends on
 * its KD-tree's visiting order and heap mechanics, and the first k of the
 * kMax answer can differ from the n_neighbors=k answer. For queries with any
 * tie among their kMax distances the table therefore keeps the sequence of
 * rows that entered the heap; replaying it through a k-slot heap gives the
 * n_neighbors=k answer exactly (a smaller heap admits a subsequence of them).
 */
export interface KnnNeighbourTable {
  readonly metric: KnnMetric;
  readonly kMax: number;
  readonly queryRows: number;
  readonly trainRows: number;
  /** queryRows × kMax distances, row-major, ascending within a row. */
  readonly distances: Float64Array;
  /** queryRows × kMax training row indices matching `distances`. */
  readonly indices: Int32Array;
  /** queryRows + 1 offsets: query q's logged heap entrants sit at [tieLogOffsets[q], tieLogOffsets[q + 1]) below. */
  readonly tieLogOffsets: Int32Array;
  /** Reduced distances (squared for euclidean) of the logged heap entrants. */
  readonly tieLogReduced: Float64Array;
  readonly tieLogIndices: Int32Array;
}

export function knnNeighbourTable(
  train: NumericTable,
  query: NumericTable,
  metric: KnnMetric,
  kMax: number,
): KnnNeighbourTable {
  return new KnnNeighbourIndex(train, metric).table(query, kMax);
}

/** A training table indexed once (one KD-tree) for any number of query tables. */
export class KnnNeighbourIndex {
  private readonly search: KdTreeSearch;
  private readonly width: number;
  readonly trainRows: number;

  constructor(
    train: NumericTable,
    readonly metric: KnnMetric,
  ) {
    assertMetric(metric);
    if (train.rows === 0) throw new Error('training table has no rows');
    assertFinite(train, 'training');
    this.search = new KdTreeSearch(buildKdTree(train), metric);
    this.width = train.columns.length;
    this.trainRows = train.rows;
  }

  /**
   * The query rows' kMax nearest training rows. `keepTieLog: false` leaves
   * the tie log empty: enough when the table is only read at k = kMax.
   */
  table(query: NumericTable, kMax: number, keepTieLog = true): KnnNeighbourTable {
    const { metric, width, trainRows } = this;
    if (query.columns.length !== width) {
      throw new Error(`query has ${query.columns.length} columns, training table has ${width}`);
    }
    if (!Number.isInteger(kMax) || kMax < 1 || kMax > trainRows) {
      throw new Error(`kMax must be an integer between 1 and the ${trainRows} training rows, got ${kMax}`);
    }
    assertFinite(query, 'query');
    const distances = new Float64Array(query.rows * kMax);
    const indices = new Int32Array(query.rows * kMax);
    const heapValues = new Float64Array(kMax);
    const heapIndices = new Int32Array(kMax);
    const entrants = new EntrantBuffer();
    const tieLog = new EntrantBuffer();
    const tieLogOffsets = new Int32Array(query.rows + 1);
    const record = keepTieLog ? (reduced: number, index: number): void => entrants.push(reduced, index) : undefined;

    for (let q = 0; q < query.rows; q++) {
      heapValues.fill(Infinity);
      heapIndices.fill(0);
      entrants.clear();
      this.search.run(query.data, q * width, heapValues, heapIndices, kMax, record);
      simultaneousSort(heapValues, heapIndices, 0, kMax);
      const base = q * kMax;
      let tied = false;
      for (let i = 0; i < kMax; i++) {
        distances[base + i] = reducedToDistance(metric, heapValues[i]);
        indices[base + i] = heapIndices[i];
        if (i > 0 && distances[base + i] === distances[base + i - 1]) tied = true;
      }
      if (tied && keepTieLog) tieLog.append(entrants);
      tieLogOffsets[q + 1] = tieLog.length;
    }
    return {
      metric,
      kMax,
      queryRows: query.rows,
      trainRows,
      distances,
      indices,
      tieLogOffsets,
      tieLogReduced: tieLog.reducedArray(),
      tieLogIndices: tieLog.indexArray(),
    };
  }
}

/**
 * Writes query q's k nearest training rows and their distances into
 * out[0, k), in the order KNeighborsRegressor(n_neighbors=k).kneighbors
 * returns them.
 */
export function tableNeighbours(
  table: KnnNeighbourTable,
  q: number,
  k: number,
  outDistances: Float64Array,
  outIndices: Int32Array,
): void {
  const base = q * table.kMax;
  if (k === table.kMax || !hasTieUpTo(table.distances, base, k)) {
    outDistances.set(table.distances.subarray(base, base + k));
    outIndices.set(table.indices.subarray(base, base + k));
    return;
  }
  const start = table.tieLogOffsets[q];
  const stop = table.tieLogOffsets[q + 1];
  if (stop === start) throw new Error(`neighbour table was built without the tie log needed to read query row ${q} at k=${k}`);
  outDistances.fill(Infinity, 0, k);
  outIndices.fill(0, 0, k);
  for (let i = start; i < stop; i++) {
    heapPush(outDistances, outIndices, 0, k, table.tieLogReduced[i], table.tieLogIndices[i]);
  }
  simultaneousSort(outDistances, outIndices, 0, k);
  for (let i = 0; i < k; i++) outDistances[i] = reducedToDistance(table.metric, outDistances[i]);
}

/**
 * Whether two of the first k + 1 distances are equal. Without such a tie the
 * n_neighbors=k answer is the first k rows of the kMax answer, in the same
 * order; with one, which tied rows come first (or at all) needs the replay.
 */
function hasTieUpTo(distances: Float64Array, base: number, k: number): boolean {
  for (let i = base; i < base + k; i++) if (distances[i] === distances[i + 1]) return true;
  return false;
}

function assertFinite(table: NumericTable, name: string): void {
  for (let i = 0; i < table.data.length; i++) {
    if (!Number.isFinite(table.data[i])) throw new Error(`${name} table has a non-finite value at position ${i}`);
  }
}

/** Growable (reduced distance, index) pairs. */
class EntrantBuffer {
  private reduced = new Float64Array(256);
  private index = new Int32Array(256);
  length = 0;

  clear(): void {
    this.length = 0;
  }

  push(reduced: number, index: number): void {
    if (this.length === this.reduced.length) this.grow(this.length + 1);
    this.reduced[this.length] = reduced;
    this.index[this.length] = index;
    this.length++;
  }

  append(other: EntrantBuffer): void {
    this.grow(this.length + other.length);
    this.reduced.set(other.reduced.subarray(0, other.length), this.length);
    this.index.set(other.index.subarray(0, other.length), this.length);
    this.length += other.length;
  }

  reducedArray(): Float64Array {
    return this.reduced.slice(0, this.length);
  }

  indexArray(): Int32Array {
    return this.index.slice(0, this.length);
  }

  private grow(needed: number): void {
    if (needed <= this.reduced.length) return;
    const capacity = Math.max(needed, this.reduced.length * 2);
    const reduced = new Float64Array(capacity);
    const index = new Int32Array(capacity);
    reduced.set(this.reduced.subarray(0, this.length));
    index.set(this.index.subarray(0, this.length));
    this.reduced = reduced;
    this.index = index;
  }
}
