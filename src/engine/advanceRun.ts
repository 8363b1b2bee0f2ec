import type { FlowJob } from 'bullmq';
import { contentKey, inputHash } from './contentKey.js';
import { trialParams, type StageDef } from './dag.js';
import { GATHER_QUEUE, TRIAL_QUEUE } from './engineConfig.js';
import { ENGINE_DEFAULTS } from './engineDefaults.js';
import type { EngineContext } from './engineContext.js';
import { stageJobId, trialJobId } from './jobIds.js';
import { runKeys } from './runLayout.js';
import { stagePriority } from './stagePriority.js';
import type { RunManifest, StageOutput } from './runManifest.js';
import { readManifest, readStageOutputs } from './runStore.js';
import { saveRunStatus } from './runBeacon.js';
import { withRunLock } from './runLock.js';
import type { GatherPayload, TrialPayload } from './trialPayload.js';

/**
 * Moves a run forward: submits every stage whose inputs are all settled and marks the run
 * finished once every stage is. Safe to call from anywhere, any number of times: a Redis
 * marker and deterministic job ids make each submission happen once.
 */
export function advanceRun(engine: EngineContext, runId: string): Promise<RunManifest> {
  // Under the run's lock, so that a cancel never races a submission: it sees every job submitted before it.
  return withRunLock(engine, runId, () => advanceLocked(engine, runId));
}

async function advanceLocked(engine: EngineContext, runId: string): Promise<RunManifest> {
  const manifest = await readManifest(engine.store, runId);
  if (manifest.status !== 'running') return manifest;
  const outputs = await readStageOutputs(engine.store, manifest);

  for (const stage of manifest.dag.stages) {
    if (outputs.has(stage.name) || !stage.needs.every((need) => outputs.has(need))) continue;
    const emptyNeed = stage.needs.find((need) => outputs.get(need)!.trials.length === 0);
    if (emptyNeed !== undefined) {
      const output = upstreamFailedStage(manifest.runId, stage, emptyNeed);
      await engine.store.putJson(runKeys.stage(runId, stage.name), output);
      outputs.set(stage.name, output);
      continue;
    }
    await submitStage(engine, manifest, stage, outputs);
  }

  if (outputs.size === manifest.dag.stages.length) {
    const failed = [...outputs.values()].some((o) => o.failed.length > 0);
    manifest.status = failed ? 'failed' : 'completed';
    manifest.finished = new Date().toISOString();
    await saveRunStatus(engine, manifest);
  }
  return manifest;
}

async function submitStage(
  engine: EngineContext,
  manifest: RunManifest,
  stage: StageDef,
  outputs: ReadonlyMap<string, StageOutput>,
): Promise<void> {
  // Marked first, so a stage is added once: adding its flow again after a trial failed would
  // make the gather wait for that trial anew. A submitter that died between marking and adding
  // left no gather job, though: then the flow is added now.
  const marker = engine.key('submitted', manifest.runId, stage.name);
  if ((await engine.connection.set(marker, '1', 'NX')) !== 'OK') {
    if ((await engine.queue(GATHER_QUEUE).getJob(stageJobId(manifest.runId, stage.name))) !== undefined) return;
  }

  const upstream = Object.fromEntries(stage.needs.map((need) => [need, outputs.get(need)!.trials.map((t) => t.key)]));
  const inputs = inputHash(manifest.dataset.sha256, upstream);
  const force = manifest.force?.includes(stage.name) ?? false;
  const priority = stagePriority(manifest.dag, stage.name);
  const gather: GatherPayload = { runId: manifest.runId, stage: stage.name, submitted: Date.now(), storeId: manifest.store?.id };
  const flow: FlowJob = {
    name: stage.name,
    queueName: GATHER_QUEUE,
    data: gather,
    opts: {
      jobId: stageJobId(manifest.runId, stage.name),
      attempts: ENGINE_DEFAULTS.gatherAttempts,
      backoff: { type: 'exponential', delay: ENGINE_DEFAULTS.backoffMs },
    },
    children: stage.trials.map((params) => {
      const full = trialParams(stage, params);
      const keyed = stage.perRun ? { ...full, runId: manifest.runId } : full;
      const payload: TrialPayload = {
        runId: manifest.runId,
        study: manifest.study,
        stage: stage.name,
        kind: stage.kind,
        params: full,
        key: contentKey(stage.kind, keyed, inputs, manifest.codeVersions[stage.kind]),
        force,
        storeId: manifest.store?.id,
      };
      return {
        name: stage.kind,
        queueName: TRIAL_QUEUE,
        data: payload,
        opts: {
          jobId: trialJobId(manifest.runId, stage.name, params),
          priority,
          attempts: stage.attempts ?? ENGINE_DEFAULTS.trialAttempts,
          backoff: { type: 'exponential', delay: ENGINE_DEFAULTS.backoffMs },
          // A failed trial must not hold its stage forever: the gather runs and records it.
          ignoreDependencyOnFailure: true,
        },
      };
    }),
  };
  await engine.flows.add(flow);
}

/** A stage not run because a stage it needs has no result: its trials are upstream-failed, not failed. */
function upstreamFailedStage(runId: string, stage: StageDef, upstream: string): StageOutput {
  const reason = `not run: stage '${upstream}' it needs has no result`;
  return {
    stage: stage.name,
    trials: [],
    failed: stage.trials.map((params) => ({ params, jobId: trialJobId(runId, stage.name, params), reason, state: 'upstream-failed' as const, upstream })),
    ms: 0,
    finished: new Date().toISOString(),
  };
}
