import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { numericTable, type NumericTable } from '../../src/data/numericTable.js';
import { NumpyRandomState } from '../../src/data/numpyRandomState.js';
import { preprocessMovies } from '../../studies/movies/data/preprocessMovies.js';
import { readMovieTable } from '../../studies/movies/data/readMovieTable.js';
import { fitPca, transformPca } from '../../src/models/pca.js';
import { silhouetteScore } from '../../src/models/silhouette.js';
import { applyStandardScaler, fitStandardScaler } from '../../src/models/standardScaler.js';

interface LabelledCase {
  labels: string;
  silhouette: number;
}

interface Fixture {
  movies: { kmeans: Record<'sklearn-1.2' | 'sklearn-1.3', { scan: LabelledCase[]; pca_kmeans: LabelledCase }> };
  small: {
    X: number[][];
    kmeans: Record<'sklearn-1.2' | 'sklearn-1.3', { k3: LabelledCase }>;
    given_labels: number[];
    given_silhouette: number;
  };
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/clustering.json', import.meta.url), 'utf8'),
) as Fixture;

const digits = (labels: string): number[] => Array.from(labels, Number);

/** The definition as one loop over pairs in row order, each pair's distance credited to both rows. */
function plainPairLoop(X: NumericTable, labels: number[]): number {
  const { rows, data } = X;
  const width = X.columns.length;
  const ids = [...new Set(labels)];
  const codes = labels.map((label) => ids.indexOf(label));
  const sums = ids.map(() => new Float64Array(rows));
  const sizes = ids.map((_, c) => codes.filter((code) => code === c).length);
  for (let i = 0; i < rows; i++) {
    for (let m = i + 1; m < rows; m++) {
      let squared = 0;
      for (let j = 0; j < width; j++) squared += (data[i * width + j] - data[m * width + j]) ** 2;
      sums[codes[m]][i] += Math.sqrt(squared);
      sums[codes[i]][m] += Math.sqrt(squared);
    }
  }
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const own = codes[i];
    if (sizes[own] === 1) continue;
    const a = sums[own][i] / (sizes[own] - 1);
    const b = Math.min(...ids.map((_, c) => (c === own ? Infinity : sums[c][i] / sizes[c])));
    if (Math.max(a, b) > 0) total += (b - a) / Math.max(a, b);
  }
  return total / rows;
}

describe('silhouetteScore', () => {
  const small = numericTable(['x0', 'x1', 'x2'], Float64Array.from(fixture.small.X.flat()));

  it('matches sklearn on given labels with arbitrary values and a singleton cluster', () => {
    expect(Math.abs(silhouetteScore(small, fixture.small.given_labels) - fixture.small.given_silhouette)).toBeLessThan(1e-12);
    const { k3 } = fixture.small.kmeans['sklearn-1.3'];
    expect(Math.abs(silhouetteScore(small, digits(k3.labels)) - k3.silhouette)).toBeLessThan(1e-12);
  });

  it('follows the definition on a hand-checked case', () => {
    // Points 0, 1 | 3 | 10 on a line: row 0 has a = 1, b = 3 -> 2/3; row 1: a = 1, b = 2 -> 1/2;
    // row 2 is a singleton -> 0; row 3 is a singleton -> 0.
    const line = numericTable(['x'], Float64Array.from([0, 1, 3, 10]));
    expect(silhouetteScore(line, [0, 0, 1, 2])).toBeCloseTo((2 / 3 + 1 / 2) / 4, 15);
  });

  it('is bit-identical to the plain pair loop over the original rows (odd clusters, singletons, one to eight columns)', () => {
    const random = new NumpyRandomState(11);
    for (const [rows, width, clusters] of [[9, 1, 2], [101, 6, 5], [333, 2, 7], [64, 8, 2], [500, 6, 10]]) {
      const data = Float64Array.from({ length: rows * width }, () => random.standardNormal());
      const labels = Array.from({ length: rows }, (_, i) => (i === 3 ? 99 : random.randint(0, clusters)));
      const X = numericTable(Array.from({ length: width }, (_, j) => `x${j}`), data);
      expect(silhouetteScore(X, labels)).toBe(plainPairLoop(X, labels));
    }
  });

  it('rejects fewer than 2 or more than rows - 1 clusters, and mismatched labels', () => {
    expect(() => silhouetteScore(small, new Array(60).fill(1))).toThrow(/between 2 and 59 .* got 1/);
    expect(() => silhouetteScore(small, Array.from({ length: 60 }, (_, i) => i))).toThrow(/got 60/);
    expect(() => silhouetteScore(small, [0, 1])).toThrow(/2 labels for 60 rows/);
  });

  describe('on the scaled movie predictors, with scikit-learn’s labels', () => {
    let scaled: NumericTable;
    beforeAll(async () => {
      const { records } = await readMovieTable('data/movies.csv');
      const { X } = preprocessMovies(records).numeric;
      scaled = applyStandardScaler(fitStandardScaler(X), X);
    });

    it('matches silhouette_score for the tuned k = 4 labels (notebook seeding) and k = 2 (1.2 seeding)', () => {
      const tuned = fixture.movies.kmeans['sklearn-1.3'].scan[2];
      expect(Math.abs(silhouetteScore(scaled, digits(tuned.labels)) - tuned.silhouette)).toBeLessThan(1e-9);
      const older = fixture.movies.kmeans['sklearn-1.2'].scan[0];
      expect(Math.abs(silhouetteScore(scaled, digits(older.labels)) - older.silhouette)).toBeLessThan(1e-9);
    });

    it('matches the notebook’s 0.3007752501321211 for KMeans on the first three component scores', () => {
      const scores = transformPca(fitPca(scaled), scaled, 3);
      const { pca_kmeans } = fixture.movies.kmeans['sklearn-1.3'];
      const value = silhouetteScore(scores, digits(pca_kmeans.labels));
      expect(Math.abs(value - pca_kmeans.silhouette)).toBeLessThan(1e-9);
      expect(Math.abs(value - 0.3007752501321211)).toBeLessThan(1e-9);
    });
  });
});
