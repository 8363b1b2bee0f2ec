import { createHash } from 'node:crypto';
import { canonicalJson } from './canonicalJson.js';
import type { TrialParams } from './dag.js';

/**
 * Deterministic BullMQ job ids: run id + stage + parameters. BullMQ reserves ':' and
 * ignores a second add with the same id, so adding a flow twice never duplicates work.
 *
 * A stage dropped to run again (a late trial changed its input, `rerun`) is submitted as its
 * next generation (RunManifest.generations): its jobs' ids end in `~<generation>`, so they
 * never meet the previous generation's jobs, which may still be running and cannot be removed.
 * Generation 0, a stage's first submission, has no suffix (the ids of runs made before).
 */
export function trialJobId(runId: string, stage: string, params: TrialParams, generation = 0): string {
  return `${runId}.${stage}.${paramsSlug(params)}${generationSuffix(generation)}`;
}

export function stageJobId(runId: string, stage: string, generation = 0): string {
  return `${runId}.${stage}${generationSuffix(generation)}`;
}

function generationSuffix(generation: number): string {
  return generation === 0 ? '' : `~${generation}`;
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
