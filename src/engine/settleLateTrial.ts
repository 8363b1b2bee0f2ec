import { dependentsOf } from './dag.js';
import { GATHER_QUEUE } from './engineConfig.js';
import type { EngineContext } from './engineContext.js';
import { stageJobId, trialJobId } from './jobIds.js';
import { advanceRunLocked } from './advanceRun.js';
import { trialPointer } from './gatherStage.js';
import { runKeys } from './runLayout.js';
import { withRunLock } from './runLock.js';
import { stageGeneration, type StageOutput, type TrialPointer } from './runManifest.js';
import { dropStages } from './rerunRun.js';
import { readManifest, readStageOutput } from './runStore.js';
import { markSettled } from './settledStages.js';
import type { TrialPayload, TrialReturn } from './trialPayload.js';

/**
 * A trial that completes after its stage settled without it (retried from bull-board with
 * BullMQ's job.retry(), or by anyone else) moves its run forward as a rerun would: the stage's
 * output takes the new result, the stages that read it run again as their next generation
 * (their trials being computed now cannot be removed: they finish into the cache, and their
 * gather discards them), and the run is `running` until they settle. While the stage's gather
 * has not run, there is nothing to do: it will gather this result itself.
 */
export async function settleLateTrial(engine: EngineContext, payload: TrialPayload, jobId: string, value: TrialReturn): Promise<void> {
  const { runId, stage: stageName } = payload;
  const generation = payload.generation ?? 0;
  const gatherState = await engine.queue(GATHER_QUEUE).getJobState(stageJobId(runId, stageName, generation));
  if (gatherState !== 'completed' && gatherState !== 'failed') return;
  await withRunLock(engine, runId, async () => {
    const manifest = await readManifest(engine.store, runId);
    const current = stageGeneration(manifest, stageName);
    if (current !== generation) {
      console.log(`run ${runId}: trial ${jobId} is of stage '${stageName}' generation ${generation}, superseded by ${current}: its result stays in the cache, not in the stage`);
      return;
    }
    const output = await readStageOutput(engine.store, runId, stageName);
    const late = output?.failed.find((trial) => trial.jobId === jobId);
    if (output === null || late === undefined) return;
    const stage = manifest.dag.stages.find((s) => s.name === stageName)!;
    const idOf = (params: TrialPointer['params']) => trialJobId(runId, stageName, params, generation);
    const pointers = new Map(output.trials.map((t): [string, TrialPointer] => [idOf(t.params), t]));
    pointers.set(jobId, trialPointer(late.params, value));
    const settled: StageOutput = {
      ...output,
      // In the stage's own order, as its gather writes them.
      trials: stage.trials.flatMap((params) => pointers.get(idOf(params)) ?? []),
      failed: output.failed.filter((trial) => trial !== late),
      finished: new Date().toISOString(),
    };
    await engine.store.putJson(runKeys.stage(runId, stageName), settled);
    await markSettled(engine, runId, settled);
    manifest.status = 'running';
    delete manifest.finished;
    await dropStages(engine, manifest, dependentsOf(manifest.dag, stageName).filter((name) => name !== stageName));
    await advanceRunLocked(engine, manifest, new Map([[stageName, settled]]));
  });
}
