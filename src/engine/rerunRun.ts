import { dependentsOf } from './dag.js';
import { GATHER_QUEUE, TRIAL_QUEUE } from './engineConfig.js';
import type { EngineContext } from './engineContext.js';
import { stageJobId, trialJobId } from './jobIds.js';
import { advanceRun } from './advanceRun.js';
import { saveRunStatus } from './runBeacon.js';
import { runKeys } from './runLayout.js';
import { unsettledState, type RunManifest } from './runManifest.js';
import { readManifest, readStageOutputs } from './runStore.js';
import { recordSettled, unmarkSettled } from './settledStages.js';
import { SweepflowError } from '../sweepflowError.js';

export interface RerunPlan {
  /** Stages whose outputs were dropped and which run again. */
  readonly stages: readonly string[];
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
  const manifest = await readManifest(engine.store, runId);
  const outputs = await readStageOutputs(engine.store, manifest);
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
  // Redis's record of settled stages is made again from the store (it may be lost, or name a stage run again), before any output goes.
  await recordSettled(engine, runId, [...outputs.values()].filter((o) => !stages.includes(o.stage)));
  await dropStages(engine, manifest, stages);
  // A stage can settle and its gather still fail for good, moving the run on (an outage right after the output was
  // written): the output stands, and the failed job goes so the stage does not show as stuck; advanceRun below moves on.
  for (const stage of manifest.dag.stages.filter((s) => outputs.has(s.name) && !stages.includes(s.name))) {
    if ((await engine.queue(GATHER_QUEUE).getJobState(stageJobId(runId, stage.name))) === 'failed') {
      await engine.queue(GATHER_QUEUE).remove(stageJobId(runId, stage.name), { removeChildren: true });
    }
  }
  // Stages that never settled (a lost Redis, a crashed submitter, trials or a gather that
  // failed during an outage, a cancel) are submitted afresh; one still being worked on is left to finish.
  for (const stage of manifest.dag.stages.filter((s) => !outputs.has(s.name) && !stages.includes(s.name))) {
    const gather = await engine.queue(GATHER_QUEUE).getJob(stageJobId(runId, stage.name));
    if (gather === undefined) {
      await engine.connection.del(engine.key('submitted', runId, stage.name));
      continue;
    }
    const state = await gather.getState();
    const lost = await gather.getDependenciesCount({ failed: true, ignored: true });
    if (state === 'failed' || (state !== 'active' && (lost.failed ?? 0) + (lost.ignored ?? 0) > 0)) {
      await removeStageJobs(engine, runId, stage.name, stage.trials);
    }
  }
  if (out !== undefined) manifest.out = out;
  manifest.status = 'running';
  delete manifest.finished;
  await saveRunStatus(engine, manifest);
  return { stages, manifest: await advanceRun(engine, runId) };
}

/** Deletes the outputs and the jobs of `stages`, so that the run submits them again. */
export async function dropStages(engine: EngineContext, manifest: RunManifest, stages: readonly string[]): Promise<void> {
  await unmarkSettled(engine, manifest.runId, stages);
  for (const stage of manifest.dag.stages.filter((s) => stages.includes(s.name))) {
    await engine.store.delete(runKeys.stage(manifest.runId, stage.name));
    await removeStageJobs(engine, manifest.runId, stage.name, stage.trials);
  }
}

async function removeStageJobs(
  engine: EngineContext,
  runId: string,
  stage: string,
  trials: RunManifest['dag']['stages'][number]['trials'],
): Promise<void> {
  await engine.queue(GATHER_QUEUE).remove(stageJobId(runId, stage), { removeChildren: true });
  // Failed children were ignored by their parent and may outlive it.
  const queue = engine.queue(TRIAL_QUEUE);
  for (const params of trials) await queue.remove(trialJobId(runId, stage, params));
  await engine.connection.del(engine.key('submitted', runId, stage));
}
