import type { NumericTable } from '../data/numericTable.js';
import { NumpyRandomState } from '../data/numpyRandomState.js';
import { kmeansPlusPlusSeeds, type FirstCenterDraw } from './kmeansPlusPlus.js';
import { KMeansWorkspace, type PointSet } from './kmeansWasmKernel.js';

export interface KMeansOptions {
  readonly k: number;
  /** Independent k-means++ seedings; the run with the lowest inertia is kept. */
  readonly nInit: number;
  /** Seed of the one numpy RandomState stream all seedings draw from, as scikit-learn's random_state. */
  readonly randomState: number;
  readonly maxIter?: number;
  /** Convergence threshold on the squared center shift, relative to the mean feature variance. */
  readonly tol?: number;
  /** Defaults to the seeding of the scikit-learn release the notebook ran (>= 1.3). */
  readonly firstCenter?: FirstCenterDraw;
}

export interface KMeansModel {
  readonly columns: readonly string[];
  readonly centers: number[][];
  readonly labels: Int32Array;
  /** Sum of squared distances of the rows to their cluster center. */
  readonly inertia: number;
  /** Lloyd iterations of the kept run. */
  readonly iterations: number;
}

interface LloydRun {
  centers: Float64Array;
  labels: Int32Array;
  inertia: number;
  iterations: number;
}

/**
 * scikit-learn's KMeans(algorithm='lloyd', init='k-means++'): the data is centered, every run
 * draws its seeds from one shared RandomState, and a later run replaces the kept one only when its
 * inertia is strictly lower and its partition differs.
 */
export function fitKMeans(X: NumericTable, options: KMeansOptions): KMeansModel {
  const { k, nInit, randomState, maxIter = 300, tol = 1e-4, firstCenter = 'weighted-choice' } = options;
  const { rows, columns } = X;
  const width = columns.length;
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be an integer >= 1, got ${k}`);
  if (k > rows) throw new Error(`k = ${k} exceeds the ${rows} rows to cluster`);
  if (!Number.isInteger(nInit) || nInit < 1) throw new Error(`nInit must be an integer >= 1, got ${nInit}`);
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new Error(`maxIter must be an integer >= 1, got ${maxIter}`);
  if (!(tol >= 0)) throw new Error(`tol must be >= 0, got ${tol}`);
  if (width === 0) throw new Error('cannot cluster a table without columns');

  const mean = columnMeans(X);
  const points = centeredPoints(X, mean);
  const tolerance = tol === 0 ? 0 : meanColumnVariance(points) * tol;
  const random = new NumpyRandomState(randomState);
  const workspace = new KMeansWorkspace(points, k);

  let best: LloydRun | null = null;
  for (let run = 0; run < nInit; run++) {
    const seeds = kmeansPlusPlusSeeds(workspace, k, random, firstCenter);
    const initial = workspace.centerBuffers[0];
    for (let c = 0; c < k; c++) initial.set(points.data.subarray(seeds[c] * width, seeds[c] * width + width), c * width);
    const result = lloyd(points, workspace, maxIter, tolerance);
    // Rounding can make a relabelled copy of the kept partition look marginally better; it is not new.
    if (best === null || (result.inertia < best.inertia && !isSameClustering(result.labels, best.labels, k))) {
      best = result;
    }
  }
  const kept = best as LloydRun;
  const centers = Array.from({ length: k }, (_, c) =>
    Array.from({ length: width }, (_, j) => kept.centers[c * width + j] + mean[j]),
  );
  return { columns: [...columns], centers, labels: kept.labels, inertia: kept.inertia, iterations: kept.iterations };
}

/** Index of the nearest center for each row (ties to the lower index), as KMeans.predict. */
export function predictKMeans(model: KMeansModel, X: NumericTable): Int32Array {
  const width = model.columns.length;
  if (X.columns.length !== width || X.columns.some((c, j) => c !== model.columns[j])) {
    throw new Error(`k-means was fitted on columns [${model.columns.join(', ')}], got [${X.columns.join(', ')}]`);
  }
  const k = model.centers.length;
  const centers = new Float64Array(k * width);
  model.centers.forEach((center, c) => centers.set(center, c * width));
  const labels = new Int32Array(X.rows);
  assignLabels(X.data, X.rows, width, centers, k, labels);
  return labels;
}

/**
 * One Lloyd run (scikit-learn `_kmeans_single_lloyd`) from the centers in the workspace's first
 * center buffer. Each pass labels the rows and sums them per cluster in row order, as
 * scikit-learn's chunked loop does on one thread.
 */
function lloyd(points: PointSet, workspace: KMeansWorkspace, maxIter: number, tolerance: number): LloydRun {
  const { data, rows, width } = points;
  const { k, labels, counts } = workspace;
  let [centers, centersNew] = workspace.centerBuffers;
  labels.fill(-1);
  let strictConvergence = false;
  let iterations = maxIter;

  for (let iter = 0; iter < maxIter; iter++) {
    const changed = workspace.assignAndSum(centers, centersNew);
    relocateEmptyClusters(data, rows, width, centers, centersNew, counts, labels);
    let shift = 0;
    for (let c = 0; c < k; c++) {
      if (counts[c] > 0) {
        const alpha = 1 / counts[c];
        for (let j = 0; j < width; j++) centersNew[c * width + j] *= alpha;
      }
      let squared = 0;
      for (let j = 0; j < width; j++) squared += (centersNew[c * width + j] - centers[c * width + j]) ** 2;
      shift += squared;
    }
    [centers, centersNew] = [centersNew, centers];

    if (!changed) {
      strictConvergence = true;
      iterations = iter + 1;
      break;
    }
    if (shift <= tolerance) {
      iterations = iter + 1;
      break;
    }
  }
  // Unless the labels stopped changing, relabel so they match the final centers.
  if (!strictConvergence) workspace.assignAndSum(centers, centersNew);

  let inertia = 0;
  for (let i = 0; i < rows; i++) {
    const row = i * width;
    const center = labels[i] * width;
    for (let j = 0; j < width; j++) inertia += (data[row + j] - centers[center + j]) ** 2;
  }
  // The workspace is reused by the next run.
  return { centers: centers.slice(), labels: labels.slice(0, rows), inertia, iterations };
}

/** Nearest center for each row by |c|² - 2 x·c, the form scikit-learn minimises; first minimum wins. */
function assignLabels(
  data: Float64Array,
  rows: number,
  width: number,
  centers: Float64Array,
  k: number,
  labels: Int32Array,
): void {
  const centerNorms = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < width; j++) centerNorms[c] += centers[c * width + j] ** 2;
  }
  for (let i = 0; i < rows; i++) {
    const row = i * width;
    let bestDistance = Infinity;
    let bestCluster = 0;
    for (let c = 0; c < k; c++) {
      let dot = 0;
      for (let j = 0; j < width; j++) dot += data[row + j] * centers[c * width + j];
      const distance = centerNorms[c] - 2 * dot;
      if (distance < bestDistance) {
        bestDistance = distance;
        bestCluster = c;
      }
    }
    labels[i] = bestCluster;
  }
}

/**
 * scikit-learn `_relocate_empty_clusters_dense`: each empty cluster takes over one of the rows
 * farthest from their current center (labels are left as they are). For one empty cluster numpy's
 * argpartition takes the last row of maximal distance, as here; with several, its introselect may
 * hand equally far rows to the clusters in another order than this farthest-first, later-row-first one.
 */
function relocateEmptyClusters(
  data: Float64Array,
  rows: number,
  width: number,
  centersOld: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
  labels: Int32Array,
): void {
  const empty: number[] = [];
  counts.forEach((count, c) => {
    if (count === 0) empty.push(c);
  });
  if (empty.length === 0) return;
  const distances = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < width; j++) distances[i] += (data[i * width + j] - centersOld[labels[i] * width + j]) ** 2;
  }
  const farthest = Array.from({ length: rows }, (_, i) => i)
    .sort((a, b) => distances[b] - distances[a] || b - a)
    .slice(0, empty.length);
  empty.forEach((cluster, e) => {
    const row = farthest[e];
    const from = labels[row];
    for (let j = 0; j < width; j++) {
      sums[from * width + j] -= data[row * width + j];
      sums[cluster * width + j] = data[row * width + j];
    }
    counts[cluster] = 1;
    counts[from] -= 1;
  });
}

/** scikit-learn `_is_same_clustering`: every label of `a` maps to a single label of `b`. */
function isSameClustering(a: Int32Array, b: Int32Array, k: number): boolean {
  const mapping = new Int32Array(k).fill(-1);
  for (let i = 0; i < a.length; i++) {
    if (mapping[a[i]] === -1) mapping[a[i]] = b[i];
    else if (mapping[a[i]] !== b[i]) return false;
  }
  return true;
}

function columnMeans(X: NumericTable): Float64Array {
  const width = X.columns.length;
  const mean = new Float64Array(width);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < width; j++) mean[j] += X.data[i * width + j];
  for (let j = 0; j < width; j++) mean[j] /= X.rows;
  return mean;
}

/** scikit-learn subtracts the column means before clustering, for more accurate distances. */
function centeredPoints(X: NumericTable, mean: Float64Array): PointSet {
  const width = X.columns.length;
  const data = new Float64Array(X.data.length);
  const squaredNorms = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < width; j++) {
      const v = X.data[i * width + j] - mean[j];
      data[i * width + j] = v;
      squaredNorms[i] += v * v;
    }
  }
  return { data, rows: X.rows, width, squaredNorms };
}

/** Mean of the population column variances (scikit-learn `_tolerance`); the points are centered. */
function meanColumnVariance(points: PointSet): number {
  const { data, rows, width } = points;
  let total = 0;
  for (let j = 0; j < width; j++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += data[i * width + j] ** 2;
    total += sum / rows;
  }
  return total / width;
}
