import { createHash } from 'node:crypto';
import { canonicalJson } from './canonicalJson.js';
import type { TrialParams } from './dag.js';

/**
 * The cache key of a trial's result: sha256 of its job kind, parameters, the hash of
 * everything it reads, and the code version. Equal keys mean equal results, across runs.
 */
export function contentKey(kind: string, params: TrialParams, inputHash: string, codeVersion: string): string {
  return createHash('sha256').update(canonicalJson({ kind, params, inputHash, codeVersion })).digest('hex');
}

/** Hash of a trial's inputs: the dataset and the content keys of the stages it reads. */
export function inputHash(datasetSha256: string, upstreamKeys: Readonly<Record<string, readonly string[]>>): string {
  return createHash('sha256').update(canonicalJson({ datasetSha256, upstreamKeys })).digest('hex');
}
