import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kFold, trainTestSplit } from '../../src/data/splits.js';

interface SplitCase {
  seed: number;
  n: number;
  testSize: number;
  test: number[];
  train: number[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/numpy_permutations.json', import.meta.url), 'utf8'),
) as { splits: SplitCase[] };

describe('trainTestSplit matches scikit-learn fixture', () => {
  it('fixture has split entries', () => {
    expect(fixture.splits.length).toBeGreaterThan(0);
  });

  it.each(fixture.splits.map((c) => [c.seed, c.n, c.testSize, c] as const))(
    'seed=%i n=%i testSize=%s',
    (_seed, _n, _testSize, c) => {
      const split = trainTestSplit(c.n, c.testSize, c.seed);
      expect(split.test).toEqual(c.test);
      expect(split.train).toEqual(c.train);
    },
  );
});

describe('trainTestSplit', () => {
  it('rounds the test size up and partitions all rows', () => {
    const { train, test } = trainTestSplit(10, 0.25, 0);
    expect(test).toHaveLength(3);
    expect(train).toHaveLength(7);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it.each([0, 1, -0.1, 1.5, Number.NaN])('rejects testSize %s', (testSize) => {
    expect(() => trainTestSplit(10, testSize, 0)).toThrow(/testSize/);
  });

  it.each([0, 1, 2.5])('rejects n=%s', (n) => {
    expect(() => trainTestSplit(n, 0.5, 0)).toThrow(/n must be/);
  });

  it('rejects an empty train set', () => {
    expect(() => trainTestSplit(2, 0.9, 0)).toThrow(/train set would be empty/);
  });

  it('rejects an invalid seed', () => {
    expect(() => trainTestSplit(10, 0.2, -1)).toThrow(/Seed must be/);
  });
});

describe('kFold', () => {
  it('n=10, k=3: first fold takes the remainder', () => {
    expect(kFold(10, 3)).toEqual([
      { test: [0, 1, 2, 3], train: [4, 5, 6, 7, 8, 9] },
      { test: [4, 5, 6], train: [0, 1, 2, 3, 7, 8, 9] },
      { test: [7, 8, 9], train: [0, 1, 2, 3, 4, 5, 6] },
    ]);
  });

  it('n=12, k=5: fold sizes 3,3,2,2,2', () => {
    expect(kFold(12, 5).map((f) => f.test)).toEqual([[0, 1, 2], [3, 4, 5], [6, 7], [8, 9], [10, 11]]);
  });

  it('n=k gives leave-one-out', () => {
    expect(kFold(3, 3)).toEqual([
      { test: [0], train: [1, 2] },
      { test: [1], train: [0, 2] },
      { test: [2], train: [0, 1] },
    ]);
  });

  it.each([
    [10, 1],
    [10, 11],
    [10, 2.5],
    [1, 2],
  ])('rejects n=%s nSplits=%s', (n, k) => {
    expect(() => kFold(n, k)).toThrow(RangeError);
  });
});
