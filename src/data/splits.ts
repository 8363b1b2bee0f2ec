/**
 * Row-index splits matching scikit-learn, so a study run here evaluates on the
 * same rows as the Python reference.
 */
import { NumpyRandomState } from './numpyRandomState.js';

export interface Split {
  train: number[];
  test: number[];
}

/**
 * `train_test_split(range(n), test_size=testSize, random_state=seed)` without
 * stratification, i.e. one ShuffleSplit draw: n_test = ceil(testSize * n),
 * n_train = n - n_test, and both sets are slices of RandomState(seed).permutation(n)
 * (test first), so their order is meaningful and preserved.
 */
export function trainTestSplit(n: number, testSize: number, randomState: number): Split {
  assertSampleCount(n);
  if (!Number.isFinite(testSize) || testSize <= 0 || testSize >= 1) {
    throw new RangeError(`testSize must be a fraction strictly between 0 and 1, got ${testSize}`);
  }
  const nTest = Math.ceil(testSize * n);
  const nTrain = n - nTest;
  if (nTrain === 0) {
    throw new RangeError(`With n=${n} and testSize=${testSize} the train set would be empty`);
  }
  const perm = new NumpyRandomState(randomState).permutation(n);
  return { test: perm.slice(0, nTest), train: perm.slice(nTest, nTest + nTrain) };
}

/**
 * `KFold(n_splits=nSplits)` (no shuffle): contiguous test blocks in order, the
 * first n % nSplits folds one row larger; train is the ascending complement.
 */
export function kFold(n: number, nSplits: number): Split[] {
  assertSampleCount(n);
  if (!Number.isInteger(nSplits) || nSplits < 2 || nSplits > n) {
    throw new RangeError(`nSplits must be an integer between 2 and n=${n}, got ${nSplits}`);
  }
  const base = Math.floor(n / nSplits);
  const larger = n % nSplits;
  const folds: Split[] = [];
  let start = 0;
  for (let fold = 0; fold < nSplits; fold++) {
    const stop = start + base + (fold < larger ? 1 : 0);
    folds.push({
      train: [...range(0, start), ...range(stop, n)],
      test: range(start, stop),
    });
    start = stop;
  }
  return folds;
}

function range(start: number, stop: number): number[] {
  return Array.from({ length: stop - start }, (_, i) => start + i);
}

function assertSampleCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 2) {
    throw new RangeError(`n must be an integer >= 2, got ${n}`);
  }
}
