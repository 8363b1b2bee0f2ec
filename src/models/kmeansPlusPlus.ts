import type { NumpyRandomState } from '../data/numpyRandomState.js';
import type { KMeansWorkspace } from './kmeansWasmKernel.js';

/**
 * How the first k-means++ center is drawn; the only seeding difference between scikit-learn releases
 * for unit sample weights, and it changes every later draw of the shared random stream.
 * - 'weighted-choice': scikit-learn >= 1.3, `random_state.choice(n, p=w / w.sum())`. The notebook's
 *   printed inertias and cluster sizes come from this seeding.
 * - 'randint': scikit-learn 1.2, `random_state.randint(n)`.
 */
export type FirstCenterDraw = 'weighted-choice' | 'randint';

/**
 * Greedy k-means++ (scikit-learn `_kmeans_plusplus`): after the first center, each new one is the
 * best of 2 + floor(ln k) candidates sampled in proportion to the squared distance to the nearest
 * center so far, best meaning the lowest resulting potential. Returns the chosen row indices.
 * Distances are in scikit-learn's `euclidean_distances` form (-2 x·y + |x|² + |y|², clipped at 0;
 * see KMeansWorkspace.distancesFrom) so near-ties resolve as they do there.
 */
export function kmeansPlusPlusSeeds(
  workspace: KMeansWorkspace,
  k: number,
  random: NumpyRandomState,
  firstCenter: FirstCenterDraw,
): Int32Array {
  const { rows } = workspace;
  const trials = 2 + Math.floor(Math.log(k));
  const seeds = new Int32Array(k);
  seeds[0] = firstCenter === 'randint' ? random.randint(0, rows) : uniformChoice(rows, random);

  let [closest, candidateDistances, bestDistances] = workspace.distanceBuffers;
  closest.fill(Infinity);
  let potential = workspace.distancesFrom(seeds[0], closest, closest);
  const cumulative = new Float64Array(rows);
  const candidates = new Int32Array(trials);

  for (let c = 1; c < k; c++) {
    let running = 0;
    for (let i = 0; i < rows; i++) cumulative[i] = running += closest[i];
    // numpy draws all trial values (uniform(size=trials)) before searching the cumulative sum.
    for (let t = 0; t < trials; t++) {
      const target = random.randomDouble() * potential;
      candidates[t] = Math.min(searchSortedLeft(cumulative, target), rows - 1);
    }
    let bestPotential = Infinity;
    let bestCandidate = -1;
    for (let t = 0; t < trials; t++) {
      const candidatePotential = workspace.distancesFrom(candidates[t], closest, candidateDistances);
      // np.argmin: the first of equal potentials wins.
      if (candidatePotential < bestPotential) {
        bestPotential = candidatePotential;
        bestCandidate = candidates[t];
        [bestDistances, candidateDistances] = [candidateDistances, bestDistances];
      }
    }
    seeds[c] = bestCandidate;
    potential = bestPotential;
    [closest, bestDistances] = [bestDistances, closest];
  }
  return seeds;
}

/**
 * numpy legacy `choice(n, p=ones(n) / n)`: the cumulative probabilities normalised by their last
 * value, then the first index whose cumulative value exceeds one random_sample draw.
 */
function uniformChoice(n: number, random: NumpyRandomState): number {
  const p = 1 / n;
  const cdf = new Float64Array(n);
  let running = 0;
  for (let i = 0; i < n; i++) cdf[i] = running += p;
  const last = cdf[n - 1];
  const u = random.randomDouble();
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] / last <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** np.searchsorted(sorted, value, side='left'): the first index whose value is >= target. */
function searchSortedLeft(sorted: Float64Array, target: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
