import type { Job } from 'bullmq';
import type { EngineContext } from './engineContext.js';
import { trialJobId } from './jobIds.js';
import { runKeys } from './runLayout.js';
import { stageGeneration, type FailedTrial, type StageOutput, type TrialPointer } from './runManifest.js';
import { advanceRunLocked } from './advanceRun.js';
import { withRunLock } from './runLock.js';
import { readManifest } from './runStore.js';
import { markSettled } from './settledStages.js';
import type { GatherPayload, GatherReturn, TrialReturn } from './trialPayload.js';

/**
 * The parent job of a stage's flow: runs once every trial has completed or failed for
 * good, writes the stage's output (pointers and failures) and moves the run on. A gather of a
 * generation the stage has left (its input changed while its trials ran) writes nothing: its
 * trials' results are in the cache, and the stage's current generation gathers its own.
 */
export async function gatherStage(engine: EngineContext, job: Job<GatherPayload>): Promise<GatherReturn> {
  const { runId, stage: stageName, submitted } = job.data;
  const generation = job.data.generation ?? 0;
  const values = byJobId(await job.getChildrenValues<TrialReturn>());
  const failures = byJobId(await job.getIgnoredChildrenFailures());
  // Under the run's lock: a late trial dropping this stage (a new generation) comes wholly before or after.
  return withRunLock(engine, runId, async () => {
    const manifest = await readManifest(engine.store, runId);
    // A cancel settled this stage itself; a trial it abandoned that finished since must not undo that.
    if (manifest.status === 'cancelled') return { trials: 0, cached: 0, failed: 0 };
    const stage = manifest.dag.stages.find((s) => s.name === stageName);
    if (stage === undefined) throw new Error(`run '${runId}' has no stage '${stageName}'`);
    const current = stageGeneration(manifest, stageName);
    if (current !== generation) {
      console.log(`run ${runId}: stage '${stageName}' generation ${generation} superseded by ${current} (its input changed): its ${values.size} result(s) stay in the cache, not in the stage`);
      return { trials: 0, cached: 0, failed: 0 };
    }

    const trials: TrialPointer[] = [];
    const failed: FailedTrial[] = [];
    for (const params of stage.trials) {
      const jobId = trialJobId(runId, stageName, params, generation);
      const value = values.get(jobId);
      if (value !== undefined) trials.push(trialPointer(params, value));
      else failed.push({ params, jobId, reason: firstLine(String(failures.get(jobId) ?? 'no result recorded')), state: 'failed' });
    }
    // Both ends on Redis's clock: the stage was submitted by one host and is gathered by another.
    const now = await engine.now();
    const output: StageOutput = { stage: stageName, trials, failed, ms: now - submitted, finished: new Date(now).toISOString() };
    await engine.store.putJson(runKeys.stage(runId, stageName), output);
    await markSettled(engine, runId, output);
    await advanceRunLocked(engine, manifest, new Map([[stageName, output]]));
    return { trials: trials.length, cached: trials.filter((t) => t.cached).length, failed: failed.length };
  });
}

/** A trial's own error in one line: BullMQ keeps the message, a thrown stack adds nothing a person reads. */
function firstLine(reason: string): string {
  return reason.split('\n')[0];
}

/** A settled trial in its stage's output, from what its job returned. */
export function trialPointer(params: TrialPointer['params'], value: TrialReturn): TrialPointer {
  const { key, cached, ms, metrics, started, finished, worker, attempts } = value;
  return { params, key, cached, ms, metrics: metrics ?? {}, started, finished, worker, attempts };
}

/** BullMQ keys children by '<prefix>:<queue>:<jobId>'; job ids never hold ':'. */
export function byJobId<T>(entries: Record<string, T>): Map<string, T> {
  return new Map(Object.entries(entries).map(([key, value]) => [key.slice(key.lastIndexOf(':') + 1), value]));
}
