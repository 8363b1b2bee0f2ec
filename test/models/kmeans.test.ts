import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { numericTable, type NumericTable } from '../../src/data/numericTable.js';
import { preprocessMovies } from '../../studies/movies/data/preprocessMovies.js';
import { readMovieTable } from '../../studies/movies/data/readMovieTable.js';
import { adjustedRandIndex, labelMatchedChangeRate } from '../../src/models/adjustedRand.js';
import { fitKMeans, predictKMeans, type KMeansModel } from '../../src/models/kmeans.js';
import type { FirstCenterDraw } from '../../src/models/kmeansPlusPlus.js';
import { fitPca, transformPca } from '../../src/models/pca.js';
import { applyStandardScaler, fitStandardScaler } from '../../src/models/standardScaler.js';

interface KMeansCase {
  k: number;
  random_state: number;
  n_init: number;
  inertia: number;
  n_iter: number;
  sizes: number[];
  centers: number[][];
  labels: string;
}

interface MovieKMeans {
  base: KMeansCase;
  scan: KMeansCase[];
  tuned_profiles: { columns: string[]; means: number[][] };
  pca_kmeans: KMeansCase;
  tuned_vs_pca: { adjusted_rand: number; label_matched_change_rate: number };
}

type Seeding = 'sklearn-1.2' | 'sklearn-1.3';

interface Fixture {
  movies: { kmeans: Record<Seeding, MovieKMeans> };
  small: {
    X: number[][];
    duplicates: number[][];
    kmeans: Record<Seeding, { k3: KMeansCase; k5: KMeansCase; relocation: KMeansCase }>;
  };
  ari: { a: number[]; b: number[]; adjusted_rand: number; label_matched_change_rate: number }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/clustering.json', import.meta.url), 'utf8'),
) as Fixture;

const SEEDINGS: Record<Seeding, FirstCenterDraw> = { 'sklearn-1.2': 'randint', 'sklearn-1.3': 'weighted-choice' };

function table(rows: number[][]): NumericTable {
  return numericTable(rows[0].map((_, j) => `x${j}`), Float64Array.from(rows.flat()));
}

function labelString(labels: Int32Array): string {
  return Array.from(labels).join('');
}

function fitCase(X: NumericTable, c: KMeansCase, seeding: Seeding): KMeansModel {
  return fitKMeans(X, { k: c.k, nInit: c.n_init, randomState: c.random_state, firstCenter: SEEDINGS[seeding] });
}

/** Same labels, iterations and sizes; inertia and centers to rounding. */
function expectSameFit(model: KMeansModel, c: KMeansCase): void {
  expect(labelString(model.labels)).toBe(c.labels);
  expect(model.iterations).toBe(c.n_iter);
  expect(Math.abs(model.inertia - c.inertia)).toBeLessThanOrEqual(1e-10 * Math.max(1, c.inertia));
  model.centers.forEach((center, i) =>
    center.forEach((v, j) => expect(Math.abs(v - c.centers[i][j])).toBeLessThan(1e-9)),
  );
}

describe('fitKMeans on the scaled movie predictors', () => {
  let scaled: NumericTable;
  let withTarget: { X: NumericTable; y: Float64Array };
  beforeAll(async () => {
    const { records } = await readMovieTable('data/movies.csv');
    withTarget = preprocessMovies(records).numeric;
    scaled = applyStandardScaler(fitStandardScaler(withTarget.X), withTarget.X);
  });

  // Each 20-init fit of the 9,017 rows takes a moment; tests that need the same one share it.
  const fits = new Map<string, KMeansModel>();
  function fitMovies(c: KMeansCase, seeding: Seeding): KMeansModel {
    const key = `${seeding}/${c.k}/${c.random_state}`;
    if (!fits.has(key)) fits.set(key, fitCase(scaled, c, seeding));
    return fits.get(key) as KMeansModel;
  }

  for (const seeding of Object.keys(SEEDINGS) as Seeding[]) {
    describe(`with ${seeding} seeding`, () => {
      const expected = fixture.movies.kmeans[seeding];

      it('reproduces the base KMeans(3, random_state=6021, n_init=20)', () => {
        expectSameFit(fitMovies(expected.base, seeding), expected.base);
      });

      // The full scan for the notebook's seeding; three of its k for the older one keep the run short.
      const scanned = seeding === 'sklearn-1.3' ? expected.scan : expected.scan.filter((c) => [2, 4, 10].includes(c.k));
      it(`reproduces the scan k = ${scanned.map((c) => c.k).join(', ')} (random_state=3001, n_init=20) label for label`, () => {
        for (const c of scanned) expectSameFit(fitMovies(c, seeding), c);
      });

      it('reproduces KMeans(4) on the first three component scores, and how it relates to the tuned fit', () => {
        const scores = transformPca(fitPca(scaled), scaled, 3);
        const pcaFit = fitCase(scores, expected.pca_kmeans, seeding);
        expectSameFit(pcaFit, expected.pca_kmeans);
        const tuned = fitMovies(expected.scan[2], seeding);
        expect(adjustedRandIndex(tuned.labels, pcaFit.labels)).toBeCloseTo(expected.tuned_vs_pca.adjusted_rand, 12);
        expect(labelMatchedChangeRate(tuned.labels, pcaFit.labels)).toBeCloseTo(
          expected.tuned_vs_pca.label_matched_change_rate,
          12,
        );
      });
    });
  }

  it('by default seeds as the notebook did: its printed sizes, inertias and cluster profiles', () => {
    const notebook = fixture.movies.kmeans['sklearn-1.3'];
    const base = fitKMeans(scaled, { k: 3, nInit: 20, randomState: 6021 });
    expect(labelString(base.labels)).toBe(notebook.base.labels);
    expect(Array.from({ length: 3 }, (_, c) => base.labels.filter((l) => l === c).length)).toEqual([3991, 2040, 2986]);

    const printed = [32392.182611, 28062.869805, 24839.931199, 21963.117983, 19854.756613, 18504.373459, 17249.418584,
      16171.737734, 15093.209291];
    notebook.scan.forEach((c, i) => {
      expect(Math.abs(fitMovies(c, 'sklearn-1.3').inertia - printed[i])).toBeLessThan(5e-7);
    });

    // Cell 64: mean vote_average and runtime of the tuned clusters (unscaled df_num).
    const tuned = fitMovies(notebook.scan[2], 'sklearn-1.3');
    const runtime = withTarget.X.columns.indexOf('runtime');
    const sums = Array.from({ length: 4 }, () => ({ n: 0, vote: 0, runtime: 0 }));
    tuned.labels.forEach((c, i) => {
      sums[c].n += 1;
      sums[c].vote += withTarget.y[i];
      sums[c].runtime += withTarget.X.data[i * withTarget.X.columns.length + runtime];
    });
    const means = sums.map((s) => [s.vote / s.n, s.runtime / s.n]);
    const printedProfiles = [[5.502347, 81.265258], [6.392468, 111.385782], [6.026541, 107.412413], [5.401557, 96.355356]];
    means.forEach((row, c) => row.forEach((v, j) => expect(Math.abs(v - printedProfiles[c][j])).toBeLessThan(5e-7)));
    notebook.tuned_profiles.means.forEach((row, c) => {
      expect(row[0]).toBeCloseTo(means[c][0], 12);
      expect(row[6]).toBeCloseTo(means[c][1], 12);
    });
  });
});

describe('fitKMeans on small tables', () => {
  const X = table(fixture.small.X);

  for (const seeding of Object.keys(SEEDINGS) as Seeding[]) {
    it(`matches scikit-learn with ${seeding} seeding (k = 3 and 5)`, () => {
      const { k3, k5 } = fixture.small.kmeans[seeding];
      expectSameFit(fitCase(X, k3, seeding), k3);
      expectSameFit(fitCase(X, k5, seeding), k5);
    });

    it(`relocates an empty cluster as scikit-learn does (${seeding})`, () => {
      const { relocation } = fixture.small.kmeans[seeding];
      expectSameFit(fitCase(table(fixture.small.duplicates), relocation, seeding), relocation);
    });
  }

  it('predicts the nearest center: the training labels, and new rows', () => {
    const model = fitKMeans(X, { k: 3, nInit: 5, randomState: 0 });
    expect(predictKMeans(model, X)).toEqual(model.labels);
    const probes = numericTable(X.columns, Float64Array.from(model.centers.flat().map((v) => v + 1e-3)));
    expect(Array.from(predictKMeans(model, probes))).toEqual([0, 1, 2]);
  });

  it('rejects bad arguments with a message naming the problem', () => {
    expect(() => fitKMeans(X, { k: 0, nInit: 1, randomState: 0 })).toThrow(/k must be an integer >= 1/);
    expect(() => fitKMeans(X, { k: 2.5, nInit: 1, randomState: 0 })).toThrow(/k must be an integer >= 1/);
    expect(() => fitKMeans(X, { k: 61, nInit: 1, randomState: 0 })).toThrow(/k = 61 exceeds the 60 rows/);
    expect(() => fitKMeans(X, { k: 2, nInit: 0, randomState: 0 })).toThrow(/nInit must be an integer >= 1/);
    expect(() => fitKMeans(X, { k: 2, nInit: 1, randomState: 0, maxIter: 0 })).toThrow(/maxIter/);
    expect(() => fitKMeans(X, { k: 2, nInit: 1, randomState: 0, tol: -1 })).toThrow(/tol must be >= 0/);
    const model = fitKMeans(X, { k: 2, nInit: 1, randomState: 0 });
    expect(() => predictKMeans(model, table([[1, 2]]))).toThrow(/fitted on columns/);
  });
});

describe('adjustedRandIndex and labelMatchedChangeRate', () => {
  it('match sklearn.metrics.adjusted_rand_score and a linear_sum_assignment matching', () => {
    for (const c of fixture.ari) {
      expect(Math.abs(adjustedRandIndex(c.a, c.b) - c.adjusted_rand)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(labelMatchedChangeRate(c.a, c.b) - c.label_matched_change_rate)).toBeLessThanOrEqual(1e-12);
    }
  });

  it('see through renamed labels, and count unmatched clusters as changed', () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2], [7, 7, 3, 3, 5])).toBe(1);
    expect(labelMatchedChangeRate([0, 0, 1, 1, 2], [7, 7, 3, 3, 5])).toBe(0);
    expect(labelMatchedChangeRate([0, 0, 0, 1, 1, 1], [4, 4, 5, 6, 6, 6])).toBeCloseTo(1 / 6, 15);
  });

  it('reject labelings of different lengths', () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(/differ in length/);
    expect(() => labelMatchedChangeRate([0], [0, 1])).toThrow(/differ in length/);
  });
});
