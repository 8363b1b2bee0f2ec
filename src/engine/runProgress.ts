import type { Job } from 'bullmq';
import type { StageDef } from './dag.js';
import type { EngineContext } from './engineContext.js';
import { ENGINE_DEFAULTS } from './engineDefaults.js';
import { stageJobId } from './jobIds.js';
import { readBeacon, runDrops } from './runBeacon.js';
import { stageGeneration, unsettledState, type RunManifest, type RunStatus, type StageOutput } from './runManifest.js';
import { readManifest, readStageOutput } from './runStore.js';
import { GATHER_QUEUE, TRIAL_QUEUE } from './engineConfig.js';
import type { TrialReturn } from './trialPayload.js';

export type StageState = 'waiting' | 'queued' | 'running' | 'done' | 'failed' | 'upstream-failed' | 'cancelled' | 'stuck';

export interface StageProgress {
  readonly stage: string;
  readonly total: number;
  readonly state: StageState;
  /** Trials waiting in the queue for a worker. */
  readonly queued: number;
  /** Trials a worker is computing. */
  readonly running: number;
  readonly computed: number;
  readonly cached: number;
  readonly failed: number;
  readonly upstreamFailed: number;
  readonly cancelled: number;
  /** Measured wall time of each computed trial so far, ms (for an ETA). */
  readonly computedMs: readonly number[];
  /** When the stage settled, or its first trial was taken. */
  readonly finished?: string;
  /** Why a stuck stage cannot settle: its gather job failed for good. */
  readonly reason?: string;
}

/** `stalled`: a `running` run with no progress for ENGINE_DEFAULTS.stalledAfterMs and no live worker. */
export type ShownStatus = RunStatus | 'stalled';

export interface RunProgress {
  readonly manifest: RunManifest;
  readonly status: ShownStatus;
  readonly stages: readonly StageProgress[];
  /** Live workers on the run's Redis prefix, as host.pid. */
  readonly workers: readonly string[];
}

/**
 * What a watcher already read from the store: settled stage outputs do not change until their
 * gather runs again, so watching a run reads the store only when something settles.
 */
export class ProgressCache {
  manifest?: RunManifest;
  manifestReadAt = 0;
  /** Settled outputs by stage, with the gather job they came from (its timestamp; 0 for none). */
  readonly outputs = new Map<string, { readonly gatheredBy: number; readonly output: StageOutput | null; readonly readAt: number }>();
  /** Store reads made, for the watcher's own budget. */
  reads = 0;
}

/** How long a watcher trusts a stage's absent output when that stage has no gather job (it may be upstream-failed). */
const ABSENT_OUTPUT_TTL_MS = 5000;

/** Where every stage of a run stands: settled stages from the store, running ones from Redis. */
export async function runProgress(engine: EngineContext, runId: string, cache = new ProgressCache()): Promise<RunProgress> {
  const beacon = await readBeacon(engine, runId);
  // Without a beacon (a run made before it, a flushed Redis) the manifest is read again now and then.
  // A late trial may drop stages of a run that stays `running`: their generations change, and with them the job ids.
  const changed =
    beacon.status === undefined
      ? Date.now() - cache.manifestReadAt > ABSENT_OUTPUT_TTL_MS
      : beacon.status !== cache.manifest?.status || (beacon.drops ?? 0) !== (cache.manifest === undefined ? 0 : runDrops(cache.manifest));
  if (cache.manifest === undefined || changed) {
    const previous = cache.manifest?.status;
    cache.manifest = await readManifest(engine.store, runId);
    cache.manifestReadAt = Date.now();
    cache.reads += 1;
    // A run that left `running` may have settled stages at once (a cancel): absent outputs are read again.
    if (previous !== cache.manifest.status) {
      for (const [stage, known] of cache.outputs) if (known.output === null) cache.outputs.delete(stage);
    }
  }
  const manifest = cache.manifest;
  const active = await engine.queue(TRIAL_QUEUE).getJobs(['active']);
  const settled = new Set<string>();
  const stages: StageProgress[] = [];
  for (const stage of manifest.dag.stages) {
    const progress = await stageProgress(engine, manifest, stage, cache, active, settled);
    if (progress.state !== 'waiting' && progress.state !== 'queued' && progress.state !== 'running' && progress.state !== 'stuck') settled.add(stage.name);
    stages.push(progress);
  }
  const workers = (await engine.queue(TRIAL_QUEUE).getWorkers()).map((w) => workerName(String(w.rawname ?? w.name)));
  const quietMs = Date.now() - (beacon.progressAt ?? Date.parse(manifest.created));
  const stalled = manifest.status === 'running' && workers.length === 0 && quietMs > stalledAfterMs();
  return { manifest, status: stalled ? 'stalled' : manifest.status, stages, workers };
}

async function stageProgress(
  engine: EngineContext,
  manifest: RunManifest,
  stage: StageDef,
  cache: ProgressCache,
  active: readonly Job[],
  settled: ReadonlySet<string>,
): Promise<StageProgress> {
  const total = stage.trials.length;
  const gather: Job | undefined = await engine.queue(GATHER_QUEUE).getJob(stageJobId(manifest.runId, stage.name, stageGeneration(manifest, stage.name)));
  const gatherState = gather === undefined ? 'none' : await gather.getState();
  const output = await settledOutput(engine, manifest, stage, cache, gather, gatherState, settled);
  if (output !== null) return settledProgress(stage, output);
  const empty = { stage: stage.name, total, queued: 0, running: 0, computed: 0, cached: 0, failed: 0, upstreamFailed: 0, cancelled: 0, computedMs: [] };
  if (gather === undefined) return { ...empty, state: 'waiting' };
  const values = Object.values(await gather.getChildrenValues<TrialReturn>());
  const counts = await gather.getDependenciesCount({ ignored: true });
  const failed = counts.ignored ?? 0;
  const running = active.filter((job) => job.parentKey?.endsWith(`:${gather.id}`)).length;
  const cached = values.filter((v) => v.cached).length;
  const computed = values.length - cached;
  const progress = {
    ...empty,
    queued: Math.max(0, total - values.length - failed - running),
    running,
    computed,
    cached,
    failed,
    computedMs: values.filter((v) => !v.cached).map((v) => v.ms),
  };
  if (gatherState === 'failed') return { ...progress, state: 'stuck', reason: gather.failedReason };
  return { ...progress, state: running > 0 || values.length + failed > 0 ? 'running' : 'queued' };
}

/** The stage's output if it settled, read from the store only when it cannot be known otherwise. */
async function settledOutput(
  engine: EngineContext,
  manifest: RunManifest,
  stage: StageDef,
  cache: ProgressCache,
  gather: Job | undefined,
  gatherState: string,
  settled: ReadonlySet<string>,
): Promise<StageOutput | null> {
  const known = cache.outputs.get(stage.name);
  const gatheredBy = gather?.timestamp ?? 0;
  if (known !== undefined && known.gatheredBy === gatheredBy && (known.output !== null || Date.now() - known.readAt < ABSENT_OUTPUT_TTL_MS)) {
    return known.output;
  }
  // A stage still gathering has no output; one with no gather job has one only once its needs settled
  // (upstream-failed), unless the manifest says the run is over (then anything may have settled).
  const mayHaveOutput =
    gather === undefined ? manifest.status !== 'running' || stage.needs.every((need) => settled.has(need)) : gatherState === 'completed';
  if (!mayHaveOutput) return null;
  const output = await readStageOutput(engine.store, manifest.runId, stage.name);
  cache.reads += 1;
  cache.outputs.set(stage.name, { gatheredBy, output, readAt: Date.now() });
  return output;
}

function settledProgress(stage: StageDef, output: StageOutput): StageProgress {
  const count = (state: string) => output.failed.filter((t) => unsettledState(t) === state).length;
  const cached = output.trials.filter((t) => t.cached).length;
  const [failed, upstreamFailed, cancelled] = [count('failed'), count('upstream-failed'), count('cancelled')];
  const state: StageState =
    failed > 0 ? 'failed' : upstreamFailed > 0 ? 'upstream-failed' : cancelled > 0 ? 'cancelled' : 'done';
  return {
    stage: stage.name,
    total: stage.trials.length,
    state,
    queued: 0,
    running: 0,
    computed: output.trials.length - cached,
    cached,
    failed,
    upstreamFailed,
    cancelled,
    computedMs: output.trials.filter((t) => !t.cached).map((t) => t.ms),
    finished: output.finished,
  };
}

/** SWEEPFLOW_STALLED_MS overrides the default (tests, impatient operators). */
function stalledAfterMs(): number {
  const value = Number(process.env.SWEEPFLOW_STALLED_MS);
  return Number.isInteger(value) && value >= 0 ? value : ENGINE_DEFAULTS.stalledAfterMs;
}

/** BullMQ names a worker's Redis client '<prefix>:<queue>:w:<name>'; the name is host.pid. */
function workerName(rawName: string): string {
  const at = rawName.indexOf(':w:');
  return at < 0 ? rawName : rawName.slice(at + 3);
}
