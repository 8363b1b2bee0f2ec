import { z } from 'zod';
import { isSafeSegment } from '../store/objectStore.js';
import { jsonValueSchema } from './jsonValue.js';
import type { TrialMetrics } from './trialMetrics.js';

const safeId = z.string().refine(isSafeSegment, { message: "must be letters, digits, '.', '_' or '-'" });
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest');

/** One settled upstream trial: its params and the content key of its result. */
const upstreamPointerSchema = z.strictObject({ params: z.record(z.string(), jsonValueSchema), key: sha256 });

/**
 * The data of one trial job, as it arrives from Redis, where anyone with access could have put
 * anything: small pointers only, results live in the store.
 */
export const trialPayloadSchema = z.strictObject({
  runId: safeId,
  /** The study whose code computes it: a worker that does not have it refuses the job. */
  study: safeId,
  stage: safeId,
  kind: safeId,
  /** The trial's grid point over its stage's settings, checked by the kind's schema in the worker. */
  params: z.record(z.string(), jsonValueSchema),
  /** Content key of this trial's result: cache/<key>.json. */
  key: sha256,
  /**
   * The trials of each stage its stage needs, settled when it was submitted: a trial reads their
   * results straight from the cache, with no manifest or stage output to fetch first.
   */
  upstream: z.record(safeId, z.array(upstreamPointerSchema)),
  /** Recompute even if the cache holds the key. */
  force: z.boolean(),
  /** The stage's generation it was submitted as (absent: 0): an older one's result is not gathered. */
  generation: z.number().int().min(0).optional(),
  /** The id of the store holding the run: a worker on another store releases the job instead of failing it. */
  storeId: z.string().regex(/^[0-9a-f]{32}$/, 'must be a store id').optional(),
});
export type TrialPayload = z.infer<typeof trialPayloadSchema>;

/** The payload, or a one-line description of what is wrong with it. */
export function parseTrialPayload(data: unknown): TrialPayload | string {
  const parsed = trialPayloadSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  return `invalid trial payload: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`;
}

/** The data of a stage's gather job, the parent of its trials in the flow. */
export interface GatherPayload {
  readonly runId: string;
  readonly stage: string;
  /** When the stage was submitted, on Redis's clock (EngineContext.now). */
  readonly submitted: number;
  readonly storeId?: string;
  /** The stage's generation it gathers (absent: 0): an older one discards what it gathered. */
  readonly generation?: number;
}

/** What a stage's gather job returns to Redis: its counts, so a watcher need not read the store. */
export interface GatherReturn {
  readonly trials: number;
  readonly cached: number;
  readonly failed: number;
}

/** What a trial job returns to Redis: a pointer and the kind's summary metrics, small by construction. */
export interface TrialReturn {
  readonly key: string;
  readonly cached: boolean;
  readonly ms: number;
  readonly metrics: TrialMetrics;
  /**
   * When and where it ran, as its trial record says (set by the worker host; absent from jobs of
   * earlier versions): the gather puts them in the stage output, so the settled trials table
   * needs no record read back.
   */
  readonly started?: string;
  readonly finished?: string;
  readonly worker?: string;
  readonly attempts?: number;
}
