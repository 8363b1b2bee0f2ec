import { dependentsOf, type StageDef } from './dag.js';
import { GATHER_QUEUE, TRIAL_QUEUE } from './engineConfig.js';
import type { EngineContext } from './engineContext.js';
import { stageJobId, trialJobId } from './jobIds.js';
import { advanceRunLocked } from './advanceRun.js';
import { saveRunStatus } from './runBeacon.js';
import { runKeys } from './runLayout.js';
import { withRunLock } from './runLock.js';
import { stageGeneration, unsettledState, type RunManifest } from './runManifest.js';
import { readManifest, readStoredStages, type UnreadableStageOutput } from './runStore.js';
import { recordSettled, unmarkSettled } from './settledStages.js';
import { SweepflowError } from '../sweepflowError.js';

export interface RerunPlan {
  /** Stages whose outputs were dropped and which run again. */
  readonly stages: readonly string[];
  /** Stages whose stored output could not be read back: gathered again from their cached trials. */
  readonly unreadable: readonly UnreadableStageOutput[];
  readonly manifest: RunManifest;
}

/**
 * Runs again what failed or was cancelled (with fresh attempts) and what depends on it, or,
 * given a stage, recomputes that stage and its dependents ignoring the cache. Settled stages
 * outside that set are kept; trials whose results are cached complete without recomputing.
 * Also resumes a run whose Redis state was lost, or that was interrupted or cancelled:
 * unsettled stages are resubmitted.
 */
export async function rerunRun(engine: EngineContext, runId: string, stageName?: string, out?: string): Promise<RerunPlan> {
  // Under the run's lock, as a late trial's drop is: a gather still running sees the new generations or none.
  return withRunLock(engine, runId, async () => {
    const manifest = await readManifest(engine.store, runId);
    const { outputs, unreadable } = await readStoredStages(engine.store, manifest);
    let stages: string[];
    if (stageName !== undefined) {
      if (!manifest.dag.stages.some((s) => s.name === stageName)) {
        throw new SweepflowError(`run '${runId}' has no stage '${stageName}' (stages: ${manifest.dag.stages.map((s) => s.name).join(', ')})`);
      }
      stages = dependentsOf(manifest.dag, stageName);
      manifest.force = stages;
    } else {
      // An upstream-failed stage is rerun as a dependent of the stage that failed, not on its own.
      const failed = [...outputs.values()].filter((o) => o.failed.some((t) => unsettledState(t) !== 'upstream-failed')).map((o) => o.stage);
      stages = [...new Set(failed.flatMap((stage) => dependentsOf(manifest.dag, stage)))];
      manifest.force = [];
    }
    stages = [...new Set([...stages, ...unreadable.flatMap((u) => dependentsOf(manifest.dag, u.stage))])];
    // Redis's record of settled stages is made again from the store (it may be lost, or name a stage run again), before any output goes.
    await recordSettled(engine, runId, [...outputs.values()].filter((o) => !stages.includes(o.stage)));
    if (out !== undefined) manifest.out = out;
    manifest.status = 'running';
    delete manifest.finished;
    await dropStages(engine, manifest, stages);
    // A stage can settle and its gather still fail for good, moving the run on (an outage right after the output was
    // written): the output stands, and the failed job goes so the stage does not show as stuck; advanceRun below moves on.
    for (const stage of manifest.dag.stages.filter((s) => outputs.has(s.name) && !stages.includes(s.name))) {
      const gather = stageJobId(runId, stage.name, stageGeneration(manifest, stage.name));
      if ((await engine.queue(GATHER_QUEUE).getJobState(gather)) === 'failed') await engine.queue(GATHER_QUEUE).remove(gather, { removeChildren: true });
    }
    // Stages that never settled (a lost Redis, a crashed submitter, trials or a gather that
    // failed during an outage, a cancel) are submitted afresh; one still being worked on is left to finish.
    for (const stage of manifest.dag.stages.filter((s) => !outputs.has(s.name) && !stages.includes(s.name))) {
      const generation = stageGeneration(manifest, stage.name);
      const gather = await engine.queue(GATHER_QUEUE).getJob(stageJobId(runId, stage.name, generation));
      if (gather === undefined) {
        await engine.connection.del(engine.key('submitted', runId, stage.name));
        continue;
      }
      const state = await gather.getState();
      const lost = await gather.getDependenciesCount({ failed: true, ignored: true });
      if (state === 'failed' || (state !== 'active' && (lost.failed ?? 0) + (lost.ignored ?? 0) > 0)) {
        await removeStageJobs(engine, runId, stage, generation);
      }
    }
    // The outputs kept are in hand: the advance reads only what it must.
    const kept = new Map([...outputs].filter(([stage]) => !stages.includes(stage)));
    return { stages, unreadable, manifest: await advanceRunLocked(engine, manifest, kept) };
  });
}

/**
 * Drops the outputs of `stages` so that the run submits them again, as their next generation:
 * the manifest (saved here, with the caller's changes) names it first, then the old jobs are
 * removed. Those a worker is computing cannot be: they finish into the cache, and their
 * gather, of a generation the stage has left, discards them. Call it under the run's lock.
 */
export async function dropStages(engine: EngineContext, manifest: RunManifest, stages: readonly string[]): Promise<void> {
  const dropped = manifest.dag.stages.filter((s) => stages.includes(s.name));
  const previous = new Map(dropped.map((stage) => [stage.name, stageGeneration(manifest, stage.name)]));
  if (dropped.length > 0) manifest.generations = { ...manifest.generations, ...Object.fromEntries(dropped.map((s) => [s.name, previous.get(s.name)! + 1])) };
  await saveRunStatus(engine, manifest);
  await unmarkSettled(engine, manifest.runId, stages);
  for (const stage of dropped) {
    await engine.store.delete(runKeys.stage(manifest.runId, stage.name));
    await removeStageJobs(engine, manifest.runId, stage, previous.get(stage.name)!);
  }
}

/** Removes a generation's gather and trial jobs, except those being computed (BullMQ keeps locked jobs). */
async function removeStageJobs(engine: EngineContext, runId: string, stage: StageDef, generation: number): Promise<void> {
  await engine.queue(GATHER_QUEUE).remove(stageJobId(runId, stage.name, generation), { removeChildren: true });
  // Failed children were ignored by their parent and may outlive it.
  const queue = engine.queue(TRIAL_QUEUE);
  for (const params of stage.trials) await queue.remove(trialJobId(runId, stage.name, params, generation));
  await engine.connection.del(engine.key('submitted', runId, stage.name));
}
