import type { FlowJob } from 'bullmq';
import { contentKey, inputHash } from './contentKey.js';
import { trialParams, type StageDef } from './dag.js';
import { GATHER_QUEUE, TRIAL_QUEUE } from './engineConfig.js';
import { ENGINE_DEFAULTS } from './engineDefaults.js';
import type { EngineContext } from './engineContext.js';
import { stageJobId, trialJobId } from './jobIds.js';
import { runKeys } from './runLayout.js';
import { stagePriority } from './stagePriority.js';
import { stageGeneration, type RunManifest, type StageOutput } from './runManifest.js';
import { readManifest, readStageOutput } from './runStore.js';
import { saveRunStatus } from './runBeacon.js';
import { markSettled, settledStages } from './settledStages.js';
import { withRunLock } from './runLock.js';
import type { GatherPayload, TrialPayload } from './trialPayload.js';
import { readTrialTable } from './trialTable.js';

/**
 * Moves a run forward: submits every stage whose inputs are all settled and marks the run
 * finished once every stage is. Safe to call from anywhere, any number of times: a Redis
 * marker and deterministic job ids make each submission happen once.
 */
export function advanceRun(engine: EngineContext, runId: string): Promise<RunManifest> {
  // Under the run's lock, so that a cancel never races a submission: it sees every job submitted before it.
  return withRunLock(engine, runId, async () => advanceRunLocked(engine, await readManifest(engine.store, runId)));
}

/**
 * advanceRun for a caller that holds the run's lock and read its manifest under it; `known`
 * are stage outputs it has in hand (the one it just settled), not read again.
 */
export async function advanceRunLocked(engine: EngineContext, manifest: RunManifest, known: ReadonlyMap<string, StageOutput> = new Map()): Promise<RunManifest> {
  const { runId } = manifest;
  if (manifest.status !== 'running') return manifest;
  const settled = await settledStages(engine, runId);
  // Only the outputs a stage is submitted from are read, all at once.
  const outputs = new Map([...known].map(([stage, output]) => [stage, Promise.resolve(output)]));
  const outputOf = (stage: string) => {
    let output = outputs.get(stage);
    if (output === undefined) outputs.set(stage, (output = settledOutput(engine, runId, stage)));
    return output;
  };
  const ready = (stage: StageDef) => !settled.has(stage.name) && stage.needs.every((need) => settled.has(need));
  // A stage already submitted is passed over before any of its inputs is read: most calls submit nothing.
  const claims = new Map(await Promise.all(manifest.dag.stages.filter(ready).map(async (stage) => [stage.name, await claimStage(engine, manifest, stage)] as const)));
  for (const stage of manifest.dag.stages.filter((s) => claims.get(s.name) === true)) for (const need of stage.needs) outputOf(need).catch(() => undefined);

  for (const stage of manifest.dag.stages) {
    if (!ready(stage)) continue;
    // One made ready in this pass (a stage it needs settled upstream-failed) is claimed now.
    if (!(claims.get(stage.name) ?? (await claimStage(engine, manifest, stage)))) continue;
    const needs = new Map(await Promise.all(stage.needs.map(async (need) => [need, await outputOf(need)] as const)));
    const emptyNeed = stage.needs.find((need) => needs.get(need)!.trials.length === 0);
    if (emptyNeed !== undefined) {
      const output = upstreamFailedStage(manifest, stage, emptyNeed, await engine.now());
      await engine.store.putJson(runKeys.stage(runId, stage.name), output);
      await markSettled(engine, runId, output);
      outputs.set(stage.name, Promise.resolve(output));
      settled.set(stage.name, output.failed.length);
      continue;
    }
    await submitStage(engine, manifest, stage, needs);
  }

  if (settled.size === manifest.dag.stages.length) {
    const failed = [...settled.values()].some((count) => count > 0);
    manifest.status = failed ? 'failed' : 'completed';
    manifest.finished = new Date(await engine.now()).toISOString();
    // The whole table in one object once nothing changes any more (the per-trial records stay), from the outputs in hand and the others.
    const inHand = new Map(await Promise.all([...outputs].map(async ([stage, output]) => [stage, await output] as const)));
    await engine.store.putJson(runKeys.trialTable(runId), await readTrialTable(engine.store, manifest, undefined, inHand));
    await saveRunStatus(engine, manifest);
  }
  return manifest;
}

/**
 * Marks the stage submitted, so that it is added once: adding its flow again after a trial
 * failed would make the gather wait for that trial anew. True when it is to be submitted now:
 * it was not marked, or its submitter died between marking it and adding its gather job.
 */
async function claimStage(engine: EngineContext, manifest: RunManifest, stage: StageDef): Promise<boolean> {
  const marker = engine.key('submitted', manifest.runId, stage.name);
  if ((await engine.connection.set(marker, '1', 'NX')) === 'OK') return true;
  const gather = await engine.queue(GATHER_QUEUE).getJob(stageJobId(manifest.runId, stage.name, stageGeneration(manifest, stage.name)));
  return gather === undefined;
}

async function submitStage(
  engine: EngineContext,
  manifest: RunManifest,
  stage: StageDef,
  outputs: ReadonlyMap<string, StageOutput>,
): Promise<void> {
  const generation = stageGeneration(manifest, stage.name);
  const upstream = Object.fromEntries(stage.needs.map((need) => [need, outputs.get(need)!.trials.map((t) => t.key)]));
  const pointers = Object.fromEntries(stage.needs.map((need) => [need, outputs.get(need)!.trials.map(({ params, key }) => ({ params, key }))]));
  const inputs = inputHash(manifest.dataset.sha256, upstream);
  const force = manifest.force?.includes(stage.name) ?? false;
  const priority = stagePriority(manifest.dag, stage.name);
  const gather: GatherPayload = { runId: manifest.runId, stage: stage.name, submitted: await engine.now(), storeId: manifest.store?.id, generation };
  const flow: FlowJob = {
    name: stage.name,
    queueName: GATHER_QUEUE,
    data: gather,
    opts: {
      jobId: stageJobId(manifest.runId, stage.name, generation),
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
        upstream: pointers,
        force,
        storeId: manifest.store?.id,
        generation,
      };
      return {
        name: stage.kind,
        queueName: TRIAL_QUEUE,
        data: payload,
        opts: {
          jobId: trialJobId(manifest.runId, stage.name, params, generation),
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

/** A stage's output that Redis says is settled; missing from the store, it is an error naming the repair. */
async function settledOutput(engine: EngineContext, runId: string, stage: string): Promise<StageOutput> {
  const output = await readStageOutput(engine.store, runId, stage);
  if (output === null) throw new Error(`stage '${stage}' of run '${runId}' settled, but its output is not in ${engine.store.description}: 'sweepflow rerun ${runId}' rebuilds it`);
  return output;
}

/** A stage not run because a stage it needs has no result: its trials are upstream-failed, not failed. */
function upstreamFailedStage(manifest: RunManifest, stage: StageDef, upstream: string, now: number): StageOutput {
  const reason = `not run: stage '${upstream}' it needs has no result`;
  const generation = stageGeneration(manifest, stage.name);
  return {
    stage: stage.name,
    trials: [],
    failed: stage.trials.map((params) => ({ params, jobId: trialJobId(manifest.runId, stage.name, params, generation), reason, state: 'upstream-failed' as const, upstream })),
    ms: 0,
    finished: new Date(now).toISOString(),
  };
}
