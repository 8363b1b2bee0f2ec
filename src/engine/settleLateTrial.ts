import { dependentsOf } from './dag.js';
import { GATHER_QUEUE } from './engineConfig.js';
import type { EngineContext } from './engineContext.js';
import { stageJobId, trialJobId } from './jobIds.js';
import { advanceRun } from './advanceRun.js';
import { saveRunStatus } from './runBeacon.js';
import { runKeys } from './runLayout.js';
import { withRunLock } from './runLock.js';
import type { StageOutput, TrialPointer } from './runManifest.js';
import { dropStages } from './rerunRun.js';
import { readManifest, readStageOutput } from './runStore.js';
import { markSettled } from './settledStages.js';
import type { TrialReturn } from './trialPayload.js';

/**
 * A trial that completes after its stage settled without it (retried from bull-board with
 * BullMQ's job.retry(), or by anyone else) moves its run forward as a rerun would: the stage's
 * output takes the new result, the stages that read it run again, and the run is `running`
 * until they settle. While the stage's gather has not run, there is nothing to do: it will
 * gather this result itself.
 */
export async function settleLateTrial(engine: EngineContext, runId: string, stageName: string, jobId: string, value: TrialReturn): Promise<void> {
  const gatherState = await engine.queue(GATHER_QUEUE).getJobState(stageJobId(runId, stageName));
  if (gatherState !== 'completed' && gatherState !== 'failed') return;
  await withRunLock(engine, runId, async () => {
    const output = await readStageOutput(engine.store, runId, stageName);
    const late = output?.failed.find((trial) => trial.jobId === jobId);
    if (output === null || late === undefined) return;
    const manifest = await readManifest(engine.store, runId);
    const stage = manifest.dag.stages.find((s) => s.name === stageName)!;
    const pointers = new Map(output.trials.map((t): [string, TrialPointer] => [trialJobId(runId, stageName, t.params), t]));
    pointers.set(jobId, { params: late.params, key: value.key, cached: value.cached, ms: value.ms, metrics: value.metrics ?? {} });
    const settled: StageOutput = {
      ...output,
      // In the stage's own order, as its gather writes them.
      trials: stage.trials.flatMap((params) => pointers.get(trialJobId(runId, stageName, params)) ?? []),
      failed: output.failed.filter((trial) => trial !== late),
      finished: new Date().toISOString(),
    };
    await engine.store.putJson(runKeys.stage(runId, stageName), settled);
    await markSettled(engine, runId, settled);
    await dropStages(engine, manifest, dependentsOf(manifest.dag, stageName).filter((name) => name !== stageName));
    manifest.status = 'running';
    delete manifest.finished;
    await saveRunStatus(engine, manifest);
  });
  await advanceRun(engine, runId);
}
