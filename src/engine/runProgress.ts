import type { Job } from 'bullmq';
import type { EngineContext } from './engineContext.js';
import { stageJobId } from './jobIds.js';
import type { RunManifest } from './runManifest.js';
import { readManifest, readStageOutputs } from './runStore.js';
import { GATHER_QUEUE } from './engineConfig.js';

export interface StageProgress {
  readonly stage: string;
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly state: 'waiting' | 'running' | 'done' | 'failed' | 'stuck';
  /** Why a stuck stage cannot settle: its gather job failed for good. */
  readonly reason?: string;
}

export interface RunProgress {
  readonly manifest: RunManifest;
  readonly stages: readonly StageProgress[];
}

/** Where every stage of a run stands, from the store (settled stages) and Redis (running ones). */
export async function runProgress(engine: EngineContext, runId: string): Promise<RunProgress> {
  const manifest = await readManifest(engine.store, runId);
  const outputs = await readStageOutputs(engine.store, manifest);
  const gathers = engine.queue(GATHER_QUEUE);
  const stages = await Promise.all(
    manifest.dag.stages.map(async (stage): Promise<StageProgress> => {
      const total = stage.trials.length;
      const output = outputs.get(stage.name);
      if (output !== undefined) {
        const failed = output.failed.length;
        return { stage: stage.name, total, done: output.trials.length, failed, state: failed > 0 ? 'failed' : 'done' };
      }
      const gather: Job | undefined = await gathers.getJob(stageJobId(runId, stage.name));
      if (gather === undefined) return { stage: stage.name, total, done: 0, failed: 0, state: 'waiting' };
      const counts = await gather.getDependenciesCount({ processed: true, ignored: true });
      const done = counts.processed ?? 0;
      const failed = counts.ignored ?? 0;
      if ((await gather.getState()) === 'failed') {
        return { stage: stage.name, total, done, failed, state: 'stuck', reason: gather.failedReason };
      }
      return { stage: stage.name, total, done, failed, state: 'running' };
    }),
  );
  return { manifest, stages };
}
