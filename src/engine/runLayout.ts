import { objectKey, assertSafeId } from '../store/objectStore.js';

/** Where a run's objects live in the store (bucket or folder); ids are validated here. */
export const runKeys = {
  manifest: (runId: string) => objectKey('runs', runId, 'manifest.json'),
  results: (runId: string) => objectKey('runs', runId, 'results.json'),
  report: (runId: string) => objectKey('runs', runId, 'report.html'),
  model: (runId: string, name: string) => objectKey('runs', runId, 'models', `${name}.json`),
  stage: (runId: string, stage: string) => objectKey('runs', runId, 'stages', `${stage}.json`),
  runsPrefix: () => 'runs/',
  cache: (key: string) => objectKey('cache', `${key}.json`),
  /** The bytes of a result that holds any (trialResultStore.ts). */
  cacheBinary: (key: string) => objectKey('cache', `${key}.bin`),
  dataset: (sha256: string) => objectKey('datasets', `${sha256}.csv`),
};

export { assertSafeId };
