import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { numericTable, type NumericTable } from '../../src/data/numericTable.js';
import { knnPredictor, type KnnParams } from '../../src/models/knnRegressor.js';
import { rmse } from '../../src/models/metrics.js';
import { columnPermutationImportance, permutationImportance, type PermutationImportance } from '../../src/models/permutationImportance.js';
import { notebookScaledSplit } from '../support/notebookSplit.js';

interface ExpectedImportance {
  nRepeats: number;
  randomState: number;
  mean: number[];
  std: number[];
  raw: number[][];
}
interface Fixture {
  movies_sha256: string;
  movies: { importance: { k8: ExpectedImportance; final: ExpectedImportance } };
  tieGrid: { train: number[][]; yTrain: number[]; query: number[][]; yQuery: number[]; importance: ExpectedImportance };
  linearImportance: { X: number[][]; y: number[]; coef: number[]; intercept: number; importance: ExpectedImportance };
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/knn.json', import.meta.url), 'utf8')) as Fixture;

function tableFrom(rows: number[][]): NumericTable {
  return numericTable(
    rows[0].map((_, j) => `x${j}`),
    Float64Array.from(rows.flat()),
  );
}

function maxAbsDiff(a: readonly number[], b: readonly number[]): number {
  expect(a.length).toBe(b.length);
  return Math.max(...a.map((v, i) => Math.abs(v - b[i])));
}

function expectImportance(actual: PermutationImportance, expected: ExpectedImportance, tolerance: number): void {
  expect(maxAbsDiff(actual.importancesMean, expected.mean)).toBeLessThan(tolerance);
  expect(maxAbsDiff(actual.importancesStd, expected.std)).toBeLessThan(tolerance);
  expect(actual.importances.map((r) => r.length)).toEqual(expected.raw.map(() => expected.nRepeats));
  expect(maxAbsDiff(actual.importances.flat(), expected.raw.flat())).toBeLessThan(tolerance);
}

const linear = fixture.linearImportance;
const linearX = tableFrom(linear.X);
const linearY = Float64Array.from(linear.y);
const linearPredict = (X: NumericTable): Float64Array => {
  const width = X.columns.length;
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let v = 0;
    for (let j = 0; j < width; j++) v += X.data[i * width + j] * linear.coef[j];
    out[i] = v + linear.intercept;
  }
  return out;
};

describe('permutationImportance reproduces sklearn.inspection.permutation_importance', () => {
  it('on a fixed linear predictor: every draw, mean and std', () => {
    const { nRepeats, randomState } = linear.importance;
    expectImportance(permutationImportance(linearPredict, linearX, linearY, { nRepeats, randomState }), linear.importance, 1e-12);
  });

  it('gives exactly zero to a feature the predictor ignores', () => {
    const result = permutationImportance(linearPredict, linearX, linearY, { nRepeats: 4, randomState: 0 });
    expect(linear.coef[3]).toBe(0);
    expect(result.importances[3]).toEqual([0, 0, 0, 0]);
    expect(result.importancesStd[3]).toBe(0);
  });

  it('on a KNN model over tie-heavy integer data', () => {
    const data = fixture.tieGrid;
    const predict = knnPredictor(tableFrom(data.train), Float64Array.from(data.yTrain), { metric: 'manhattan', k: 5, weights: 'distance' });
    const { nRepeats, randomState } = data.importance;
    const result = permutationImportance(predict, tableFrom(data.query), Float64Array.from(data.yQuery), { nRepeats, randomState });
    expectImportance(result, data.importance, 1e-12);
  });

  it('scores with a caller-supplied score function', () => {
    const negRmse = (a: Float64Array, p: Float64Array): number => -rmse(a, p);
    const result = permutationImportance(linearPredict, linearX, linearY, { nRepeats: 3, randomState: 5, score: negRmse });
    expect(result.baselineScore).toBe(negRmse(linearY, linearPredict(linearX)));
    expect(result.importancesMean[0]).toBeGreaterThan(0);
  });

  it.each([
    ['nRepeats = 0', { nRepeats: 0, randomState: 1 }, /nRepeats/],
    ['fractional nRepeats', { nRepeats: 2.5, randomState: 1 }, /nRepeats/],
    ['negative randomState', { nRepeats: 2, randomState: -1 }, /randomState/],
    ['randomState above 2**32 - 1', { nRepeats: 2, randomState: 2 ** 32 }, /randomState/],
  ])('rejects %s', (_name, options, message) => {
    expect(() => permutationImportance(linearPredict, linearX, linearY, options)).toThrow(message);
  });

  it('rejects targets of the wrong length', () => {
    expect(() => permutationImportance(linearPredict, linearX, linearY.subarray(1), { nRepeats: 1, randomState: 1 })).toThrow(/y has/);
  });
});

describe('columnPermutationImportance: one column at a time, the same draws', () => {
  it.each([
    ['the linear predictor', linearPredict, linearX, linearY, linear.importance],
    [
      'KNN on tie-heavy data',
      knnPredictor(tableFrom(fixture.tieGrid.train), Float64Array.from(fixture.tieGrid.yTrain), { metric: 'manhattan', k: 5, weights: 'distance' }),
      tableFrom(fixture.tieGrid.query),
      Float64Array.from(fixture.tieGrid.yQuery),
      fixture.tieGrid.importance,
    ],
  ] as const)('matches scikit-learn column by column on %s', (_name, predict, X, y, expected) => {
    const options = { nRepeats: expected.nRepeats, randomState: expected.randomState };
    const whole = permutationImportance(predict, X, y, options);
    X.columns.forEach((_, j) => {
      const column = columnPermutationImportance(predict, X, y, j, options);
      expect(column.importances).toEqual(whole.importances[j]);
      expect(column.mean).toBe(whole.importancesMean[j]);
      expect(column.std).toBe(whole.importancesStd[j]);
      expect(column.baselineScore).toBe(whole.baselineScore);
      expect(maxAbsDiff(column.importances, expected.raw[j])).toBeLessThan(1e-12);
    });
  });

  it.each([-1, 1.5, 4])('rejects column %s of a 4-column table', (column) => {
    expect(() => columnPermutationImportance(linearPredict, linearX, linearY, column, { nRepeats: 1, randomState: 1 })).toThrow(
      /column must be an index below 4/,
    );
  });
});

describe('permutation importance of the notebook KNN models on the movie validation set', () => {
  let Xt: NumericTable;
  let Xv: NumericTable;
  let yt: Float64Array;
  let yv: Float64Array;

  beforeAll(async () => {
    const { train, valid } = await notebookScaledSplit(fixture.movies_sha256);
    ({ X: Xt, y: yt } = train);
    ({ X: Xv, y: yv } = valid);
  });

  const models: [string, KnnParams, ExpectedImportance][] = [
    ['k=8 uniform euclidean (cell 17), 10 repeats', { metric: 'euclidean', k: 8, weights: 'uniform' }, fixture.movies.importance.k8],
    ['final k=18 distance manhattan (cell 25), 20 repeats', { metric: 'manhattan', k: 18, weights: 'distance' }, fixture.movies.importance.final],
  ];

  it.each(models)('%s', (_name, params, expected) => {
    const predict = knnPredictor(Xt, yt, params);
    const result = permutationImportance(predict, Xv, yv, { nRepeats: expected.nRepeats, randomState: expected.randomState });
    expectImportance(result, expected, 1e-6);
  });

  it('one column of the final model alone (as a knn-importance trial computes it)', () => {
    const expected = fixture.movies.importance.final;
    const predict = knnPredictor(Xt, yt, { metric: 'manhattan', k: 18, weights: 'distance' });
    const column = Xv.columns.indexOf('log_vote_count');
    const result = columnPermutationImportance(predict, Xv, yv, column, { nRepeats: expected.nRepeats, randomState: expected.randomState });
    expect(maxAbsDiff(result.importances, expected.raw[column])).toBeLessThan(1e-6);
    expect(Math.abs(result.mean - expected.mean[column])).toBeLessThan(1e-6);
  });
});
