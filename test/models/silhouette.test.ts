import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { numericTable, type NumericTable } from '../../src/data/numericTable.js';
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
