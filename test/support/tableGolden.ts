import { expect } from 'vitest';

/**
 * A table-study golden of test/fixtures/table/ (scripts/parity/table.py) and how a run's
 * results.json is compared with it, within the movie parity tests' tolerances.
 */
export interface Golden {
  readonly inputs: { data: string; studyFile?: string; target: string; featuresGiven: boolean; features: string[]; categorical: string[]; profile: string };
  readonly [key: string]: unknown;
}

/** The movie parity tests' tolerance; integers (k, sizes, epochs, degrees of freedom) must be equal. */
const RELATIVE = 1e-6;
/** Below this a figure is rounding noise around zero (a zero-variance component's ratio): compared absolutely. */
const ABSOLUTE = 1e-12;
const EXACT = /\.(k|epochs|nobs|dfModel|dfResid|rank|cluster|components|rows\w*|randomState|hidden\.\d+|sizes\.\d+)$/;
/** Keys of the fixture that are its own notes, not figures of results.json. */
const NOTES = ['note', 'inputs', 'numpyDisabledCpuFeatures', 'olsPinvUndetermined'];

/** Every difference between a run's results.json and the golden, as `path: got …, expected …`. */
export function differences(actual: unknown, expected: unknown, path = ''): string[] {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return [`${path}: got ${String(actual)}, expected ${expected}`];
    const close = EXACT.test(path)
      ? actual === expected
      : Math.abs(actual - expected) <= Math.max(RELATIVE * Math.abs(expected), ABSOLUTE);
    return close ? [] : [`${path}: got ${actual}, expected ${expected}`];
  }
  if (expected === null || typeof expected !== 'object') {
    return actual === expected ? [] : [`${path}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`];
  }
  if (actual === null || typeof actual !== 'object') return [`${path}: missing`];
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...keys].flatMap((key) => {
    const a = (actual as Record<string, unknown>)[key];
    const e = (expected as Record<string, unknown>)[key];
    if (key === 'warning') return (a === undefined) === (e === undefined) ? [] : [`${path}.warning: present in one only`];
    return differences(a, e, `${path}.${key}`);
  });
}

/** The golden as results.json would hold it: notes dropped, and the loadings of zero-variance components (an arbitrary basis) left out of both. */
export function comparable(results: Record<string, unknown>, golden: Golden): [unknown, unknown] {
  const figures = Object.fromEntries(Object.entries(golden).filter(([key]) => !NOTES.includes(key)));
  const { runId, timings, dataset, ...rest } = results as { runId: string; timings: unknown; dataset: Record<string, unknown> } & Record<string, unknown>;
  const { sha256, ...counts } = dataset;
  const actual = { ...rest, dataset: counts };
  const ratios = (golden as unknown as { pca: { explainedVarianceRatio: number[] } }).pca.explainedVarianceRatio;
  const noise = ratios.flatMap((ratio, c) => (ratio < ABSOLUTE ? [c] : []));
  for (const side of [actual, figures] as { pca: { loadings: Record<string, number[]> } }[]) {
    side.pca = { ...side.pca, loadings: Object.fromEntries(Object.entries(side.pca.loadings).map(([f, l]) => [f, l.filter((_, c) => !noise.includes(c))])) };
  }
  expect(runId).toMatch(/./);
  expect(timings).toBeDefined();
  expect(sha256).toMatch(/^[0-9a-f]{64}$/);
  return [actual, figures];
}

