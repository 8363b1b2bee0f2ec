import { createHash } from 'node:crypto';
import { objectKey, assertSafeId } from '../store/objectStore.js';

/** Where a run's objects live in the store (bucket or folder); ids are validated here. */
export const runKeys = {
  manifest: (runId: string) => objectKey('runs', runId, 'manifest.json'),
  results: (runId: string) => objectKey('runs', runId, 'results.json'),
  report: (runId: string) => objectKey('runs', runId, 'report.html'),
  model: (runId: string, name: string) => objectKey('runs', runId, 'models', `${name}.json`),
  stage: (runId: string, stage: string) => objectKey('runs', runId, 'stages', `${stage}.json`),
  trial: (runId: string, jobId: string) => objectKey('runs', runId, 'trials', `${trialRecordName(jobId)}.json`),
  trialsPrefix: (runId: string) => `${objectKey('runs', runId, 'trials')}/`,
  trialTable: (runId: string) => objectKey('runs', runId, 'trials.json'),
  runsPrefix: () => 'runs/',
  cache: (key: string) => objectKey('cache', `${key}.json`),
  /** The bytes of a result that holds any (trialResultStore.ts). */
  cacheBinary: (key: string) => objectKey('cache', `${key}.bin`),
  dataset: (sha256: string) => objectKey('datasets', `${sha256}.csv`),
};

/** Objects named by their content (trial results, datasets): once stored, they never change. */
export function isContentAddressed(key: string): boolean {
  return key.startsWith('cache/') || key.startsWith('datasets/');
}

/**
 * A job id as a key segment: '=' (params) and '~' (a generation) are not allowed there, so they
 * become '-', and a short hash of the id keeps two ids that then read alike ('a=b-c', 'a-b=c') apart.
 */
function trialRecordName(jobId: string): string {
  return `${jobId.replace(/[^A-Za-z0-9._-]/g, '-')}.${createHash('sha256').update(jobId).digest('hex').slice(0, 8)}`;
}

export { assertSafeId };
