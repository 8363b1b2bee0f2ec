import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { numericTable, type NumericTable } from '../../src/data/numericTable.js';
import { preprocessMovies } from '../../studies/movies/data/preprocessMovies.js';
import { readMovieTable } from '../../studies/movies/data/readMovieTable.js';
import { fitPca, transformPca, type PcaModel, type PcaSignConvention } from '../../src/models/pca.js';
import { applyStandardScaler, fitStandardScaler } from '../../src/models/standardScaler.js';

interface PcaCase {
  mean: number[];
  components: number[][];
  explained_variance: number[];
  explained_variance_ratio: number[];
  singular_values: number[];
}

interface Fixture {
  movies: {
    columns: string[];
    pca: Record<PcaSignConvention, PcaCase>;
    pca2_auto_scores: PcaCase;
    pca3_scores_head: number[][];
  };
  small: {
    X: number[][];
    pca: Record<PcaSignConvention, PcaCase>;
    pca2_scores: PcaCase;
    pca2_scores_transform_head: number[][];
  };
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/clustering.json', import.meta.url), 'utf8'),
) as Fixture;

/** Largest absolute difference between two equally shaped number arrays (nested one level at most). */
function maxAbsDiff(a: number[] | number[][], b: number[] | number[][]): number {
  const flatA = (a as (number | number[])[]).flat();
  const flatB = (b as (number | number[])[]).flat();
  expect(flatA).toHaveLength(flatB.length);
  return flatA.reduce((m, v, i) => Math.max(m, Math.abs(v - flatB[i])), 0);
}

function expectSamePca(model: PcaModel, expected: PcaCase, tolerance: number): void {
  expect(maxAbsDiff(model.mean, expected.mean)).toBeLessThan(tolerance);
  expect(maxAbsDiff(model.components, expected.components)).toBeLessThan(tolerance);
  expect(maxAbsDiff(model.explainedVariance, expected.explained_variance)).toBeLessThan(tolerance);
  expect(maxAbsDiff(model.explainedVarianceRatio, expected.explained_variance_ratio)).toBeLessThan(tolerance);
  expect(maxAbsDiff(model.singularValues, expected.singular_values)).toBeLessThan(tolerance);
}

describe('fitPca on the scaled movie predictors', () => {
  let scaled: NumericTable;
  beforeAll(async () => {
    const { records } = await readMovieTable('data/movies.csv');
    const { X } = preprocessMovies(records).numeric;
    scaled = applyStandardScaler(fitStandardScaler(X), X);
  });

  for (const convention of ['components', 'scores'] as const) {
    it(`matches sklearn PCA() with the '${convention}' sign convention`, () => {
      expectSamePca(fitPca(scaled, undefined, convention), fixture.movies.pca[convention], 1e-9);
    });
  }

  it('prints the notebook’s explained variance and loadings by default', () => {
    const model = fitPca(scaled);
    expect(model.columns).toEqual(fixture.movies.columns);
    const printedRatios = [0.550668, 0.156345, 0.121493, 0.084429, 0.058117, 0.028948];
    expect(maxAbsDiff(model.explainedVarianceRatio, printedRatios)).toBeLessThan(5e-7);
    // Cell 50 prints loadings with features as rows: these are its PC1 and PC3 columns.
    expect(maxAbsDiff(model.components[0], [0.375087, 0.442887, 0.497197, 0.487434, 0.369799, 0.203992])).toBeLessThan(5e-7);
    expect(maxAbsDiff(model.components[2], [-0.589353, -0.262548, -0.054476, 0.092254, 0.657585, 0.373945])).toBeLessThan(5e-7);
  });

  it('keeps the leading components, with ratios of the total variance (randomized sklearn agrees)', () => {
    const model = fitPca(scaled, 2, 'scores');
    expectSamePca(model, fixture.movies.pca2_auto_scores, 1e-9);
  });

  it('scores rows as the notebook’s X_scaled @ components_.T[:, :3]', () => {
    const scores = transformPca(fitPca(scaled), scaled, 3);
    expect(scores.columns).toEqual(['PC1', 'PC2', 'PC3']);
    expect(scores.rows).toBe(scaled.rows);
    const head = Array.from({ length: 5 }, (_, i) => Array.from(scores.data.subarray(i * 3, i * 3 + 3)));
    expect(maxAbsDiff(head, fixture.movies.pca3_scores_head)).toBeLessThan(1e-9);
    // Cell 60's printed first row.
    expect(maxAbsDiff(head[0], [2.925437, -1.508884, -0.476108])).toBeLessThan(5e-7);
  });
});

describe('fitPca on a small table', () => {
  const X = numericTable(['x0', 'x1', 'x2'], Float64Array.from(fixture.small.X.flat()));

  it('matches sklearn with both sign conventions, and when truncated', () => {
    expectSamePca(fitPca(X, undefined, 'components'), fixture.small.pca.components, 1e-12);
    expectSamePca(fitPca(X, undefined, 'scores'), fixture.small.pca.scores, 1e-12);
    const two = fitPca(X, 2, 'scores');
    expectSamePca(two, fixture.small.pca2_scores, 1e-12);
    const head = transformPca(two, numericTable(X.columns, X.data.subarray(0, 12)));
    expect(maxAbsDiff(Array.from(head.data), fixture.small.pca2_scores_transform_head.flat())).toBeLessThan(1e-12);
  });

  it('rejects bad component counts and foreign columns', () => {
    expect(() => fitPca(X, 0)).toThrow(/nComponents must be an integer between 1 and 3/);
    expect(() => fitPca(X, 4)).toThrow(/nComponents must be an integer between 1 and 3/);
    expect(() => fitPca(numericTable(['x'], Float64Array.from([1])))).toThrow(/at least 2 rows/);
    const model = fitPca(X, 2);
    expect(() => transformPca(model, X, 3)).toThrow(/between 1 and 2/);
    expect(() => transformPca(model, numericTable(['a', 'b', 'c'], X.data))).toThrow(/fitted on columns/);
  });
});
