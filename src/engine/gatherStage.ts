import type { Job } from 'bullmq';
import type { EngineContext } from './engineContext.js';
import { trialJobId } from './jobIds.js';
import { runKeys } from './runLayout.js';
import type { FailedTrial, StageOutput, TrialPointer } from './runManifest.js';
import { advanceRun } from './advanceRun.js';
import { readManifest } from './runStore.js';
import { markSettled } from './settledStages.js';
import type { GatherPayload, GatherReturn, TrialReturn } from './trialPayload.js';

/**
 * The parent job of a stage's flow: runs once every trial has completed or failed for
 * good, writes the stage's output (pointers and failures) and moves the run on.
 */
export async function gatherStage(engine: EngineContext, job: Job<GatherPayload>): Promise<GatherReturn> {
  const { runId, stage: stageName, submitted } = job.data;
  const manifest = await readManifest(engine.store, runId);
  // A cancel settled this stage itself; a trial it abandoned that finished since must not undo that.
  if (manifest.status === 'cancelled') return { trials: 0, cached: 0, failed: 0 };
  const stage = manifest.dag.stages.find((s) => s.name === stageName);
  if (stage === undefined) throw new Error(`run '${runId}' has no stage '${stageName}'`);

  const values = byJobId(await job.getChildrenValues<TrialReturn>());
  const failures = byJobId(await job.getIgnoredChildrenFailures());
  const trials: TrialPointer[] = [];
  const failed: FailedTrial[] = [];
  for (const params of stage.trials) {
    const jobId = trialJobId(runId, stageName, params);
    const value = values.get(jobId);
    if (value !== undefined) trials.push({ params, key: value.key, cached: value.cached, ms: value.ms, metrics: value.metrics ?? {} });
    else failed.push({ params, jobId, reason: firstLine(String(failures.get(jobId) ?? 'no result recorded')), state: 'failed' });
  }
  // Both ends on Redis's clock: the stage was submitted by one host and is gathered by another.
  const now = await engine.now();
  const output: StageOutput = { stage: stageName, trials, failed, ms: now - submitted, finished: new Date(now).toISOString() };
  await engine.store.putJson(runKeys.stage(runId, stageName), output);
  await markSettled(engine, runId, output);
  await advanceRun(engine, runId);
  return { trials: trials.length, cached: trials.filter((t) => t.cached).length, failed: failed.length };
}

/** A trial's own error in one line: BullMQ keeps the message, a thrown stack adds nothing a person reads. */
function firstLine(reason: string): string {
  return reason.split('\n')[0];
}

/** BullMQ keys children by '<prefix>:<queue>:<jobId>'; job ids never hold ':'. */
export function byJobId<T>(entries: Record<string, T>): Map<string, T> {
  return new Map(Object.entries(entries).map(([key, value]) => [key.slice(key.lastIndexOf(':') + 1), value]));
}
