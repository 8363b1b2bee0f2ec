import type { Job } from 'bullmq';
import { SweepflowError } from '../sweepflowError.js';
import type { StageDef } from './dag.js';
import { GATHER_QUEUE, TRIAL_QUEUE } from './engineConfig.js';
import type { EngineContext } from './engineContext.js';
import { ENGINE_DEFAULTS } from './engineDefaults.js';
import { byJobId, trialPointer } from './gatherStage.js';
import { stageJobId, trialJobId } from './jobIds.js';
import { saveRunStatus } from './runBeacon.js';
import { markSettled } from './settledStages.js';
import { runKeys } from './runLayout.js';
import { withRunLock } from './runLock.js';
import { stageGeneration, type FailedTrial, type RunManifest, type StageOutput, type TrialPointer } from './runManifest.js';
import { readManifest, readStageOutputs, writeManifest } from './runStore.js';
import type { TrialReturn } from './trialPayload.js';

export interface CancelOutcome {
  readonly manifest: RunManifest;
  /** Queued trials taken out of the queue. */
  readonly removed: number;
  /** Trials a worker was computing: abandoned (their result is not the run's), or finished with `wait`. */
  readonly running: number;
}

/**
 * Cancels a running run: it is marked `cancelled` first (so no further stage is submitted),
 * its queued trials are removed from Redis, and each stage that had not settled is settled
 * with what it has: completed trials kept, the rest `cancelled`. Running trials are abandoned
 * (their workers finish them into the cache, outside the run) or, with `wait`, allowed to
 * finish and kept. `rerun` resumes the run; cached results complete at once.
 */
export async function cancelRun(engine: EngineContext, runId: string, wait: boolean): Promise<CancelOutcome> {
  const manifest = await withRunLock(engine, runId, async () => {
    const current = await readManifest(engine.store, runId);
    if (current.status !== 'running') throw new SweepflowError(`run '${runId}' is ${current.status}: only a running run can be cancelled`);
    current.status = 'cancelled';
    current.finished = new Date().toISOString();
    // The manifest stops further submissions now; watchers learn of the cancel (the beacon) once the stages are settled.
    await writeManifest(engine.store, current);
    return current;
  });
  const outputs = await readStageOutputs(engine.store, manifest);
  const open = manifest.dag.stages.filter((stage) => !outputs.has(stage.name));
  // The open stages' trials of their current generations: an older generation's are not the run's any more.
  const openTrials = new Set(open.flatMap((stage) => stage.trials.map((params) => trialJobId(runId, stage.name, params, stageGeneration(manifest, stage.name)))));
  const trials = engine.queue(TRIAL_QUEUE);
  let removed = 0;
  for (const jobId of openTrials) {
    const job = await trials.getJob(jobId);
    if (job === undefined || !QUEUED.has(await job.getState())) continue;
    // A worker may have taken it in between: then it is a running trial.
    removed += await job.remove().then(() => 1, () => 0);
  }
  const running = (await activeTrials(engine, openTrials)).length;
  if (wait) {
    while ((await activeTrials(engine, openTrials)).length > 0) await new Promise((resolve) => setTimeout(resolve, ENGINE_DEFAULTS.watchIntervalMs));
  }
  await withRunLock(engine, runId, async () => {
    for (const stage of open) {
      const output = await cancelledStage(engine, manifest, stage);
      await engine.store.putJson(runKeys.stage(runId, stage.name), output);
      await markSettled(engine, runId, output);
    }
    await saveRunStatus(engine, manifest);
  });
  return { manifest, removed, running };
}

const QUEUED = new Set(['waiting', 'prioritized', 'delayed', 'waiting-children']);

async function activeTrials(engine: EngineContext, of: ReadonlySet<string>): Promise<Job[]> {
  return (await engine.queue(TRIAL_QUEUE).getJobs(['active'])).filter((job) => job.id !== undefined && of.has(job.id));
}

/** A stage settled by the cancel: what completed kept, what failed on its own failed, the rest cancelled. Its gather job goes. */
async function cancelledStage(engine: EngineContext, manifest: RunManifest, stage: StageDef): Promise<StageOutput> {
  const generation = stageGeneration(manifest, stage.name);
  const gathers = engine.queue(GATHER_QUEUE);
  const gather = await gathers.getJob(stageJobId(manifest.runId, stage.name, generation));
  const values = byJobId(gather === undefined ? {} : await gather.getChildrenValues<TrialReturn>());
  const failures = byJobId(gather === undefined ? {} : await gather.getIgnoredChildrenFailures());
  const trials: TrialPointer[] = [];
  const failed: FailedTrial[] = [];
  for (const params of stage.trials) {
    const jobId = trialJobId(manifest.runId, stage.name, params, generation);
    const value = values.get(jobId);
    const failure = failures.get(jobId);
    if (value !== undefined) trials.push(trialPointer(params, value));
    else if (failure !== undefined) failed.push({ params, jobId, reason: String(failure).split('\n')[0], state: 'failed' });
    else failed.push({ params, jobId, reason: gather === undefined ? 'cancelled before its stage was submitted' : 'cancelled before it finished', state: 'cancelled' });
  }
  if (gather !== undefined) await gathers.remove(gather.id!).catch(() => undefined);
  await engine.connection.del(engine.key('submitted', manifest.runId, stage.name));
  const submitted = gather?.timestamp ?? Date.now();
  return { stage: stage.name, trials, failed, ms: Date.now() - submitted, finished: new Date().toISOString() };
}
