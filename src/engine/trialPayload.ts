import type { TrialParams } from './dag.js';

/** The data of one trial job: small pointers only, results live in the store. */
export interface TrialPayload {
  readonly runId: string;
  readonly stage: string;
  readonly kind: string;
  readonly params: TrialParams;
  /** Content key of this trial's result: cache/<key>.json. */
  readonly key: string;
  /** Recompute even if the cache holds the key. */
  readonly force: boolean;
}

/** The data of a stage's gather job, the parent of its trials in the flow. */
export interface GatherPayload {
  readonly runId: string;
  readonly stage: string;
  readonly submitted: number;
}

/** What a trial job returns to Redis: a pointer, capped in size by construction. */
export interface TrialReturn {
  readonly key: string;
  readonly cached: boolean;
  readonly ms: number;
}
