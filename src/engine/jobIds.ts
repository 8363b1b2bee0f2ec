import { createHash } from 'node:crypto';
import { canonicalJson } from './canonicalJson.js';
import type { TrialParams } from './dag.js';

/**
 * Deterministic BullMQ job ids: run id + stage + parameters. BullMQ reserves ':' and
 * ignores a second add with the same id, so adding a flow twice never duplicates work.
 */
export function trialJobId(runId: string, stage: string, params: TrialParams): string {
  return `${runId}.${stage}.${paramsSlug(params)}`;
}

export function stageJobId(runId: string, stage: string): string {
  return `${runId}.${stage}`;
}

/** Readable for small parameter sets (k=5_metric=manhattan), hashed when long. */
export function paramsSlug(params: TrialParams): string {
  const readable = Object.keys(params)
    .sort()
    .map((key) => `${key}=${Array.isArray(params[key]) ? (params[key] as number[]).join('x') : String(params[key])}`)
    .join('_')
    .replace(/[^A-Za-z0-9._=x-]/g, '-');
  if (readable.length > 0 && readable.length <= 80) return readable;
  return createHash('sha256').update(canonicalJson(params)).digest('hex').slice(0, 16);
}
