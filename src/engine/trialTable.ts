import type { ObjectStore } from '../store/objectStore.js';
import type { TrialParams } from './dag.js';
import { trialJobId } from './jobIds.js';
import { stageGeneration, unsettledState, type RunManifest } from './runManifest.js';
import { readStageOutputs } from './runStore.js';
import type { TrialMetrics } from './trialMetrics.js';
import { readTrialRecords } from './trialRecord.js';

export type TrialState = 'pending' | 'running' | 'completed' | 'cached' | 'failed' | 'upstream-failed' | 'cancelled';

/** One row of a run's trials table: a trial of the DAG and where it stands. */
export interface TrialRow {
  readonly jobId: string;
  readonly stage: string;
  readonly kind: string;
  /** The trial's grid point (its stage's settings left out: they are the same for every trial). */
  readonly params: TrialParams;
  readonly state: TrialState;
  readonly metrics: TrialMetrics;
  readonly error?: string;
  readonly started?: string;
  readonly finished?: string;
  readonly ms?: number;
  readonly cached?: boolean;
  readonly worker?: string;
  readonly attempts?: number;
}

/** A trial a worker is computing now (from the queue's active jobs). */
export interface RunningTrial {
  readonly started: string;
  readonly worker?: string;
}

/**
 * Every trial of the run's DAG, in stage order: settled ones from their records, failures the
 * stage outputs know of (a stage skipped because its input failed), running ones from `running`,
 * the rest pending.
 */
export async function readTrialTable(
  store: ObjectStore,
  manifest: RunManifest,
  running: ReadonlyMap<string, RunningTrial> = new Map(),
): Promise<TrialRow[]> {
  const [{ records }, outputs] = await Promise.all([readTrialRecords(store, manifest.runId), readStageOutputs(store, manifest)]);
  return manifest.dag.stages.flatMap((stage) => {
    // The stage's current generation: records of older ones (trials superseded while they ran) are not its trials.
    const idOf = (params: TrialParams) => trialJobId(manifest.runId, stage.name, params, stageGeneration(manifest, stage.name));
    const settled = new Map((outputs.get(stage.name)?.trials ?? []).map((t) => [idOf(t.params), t]));
    const failures = new Map((outputs.get(stage.name)?.failed ?? []).map((f) => [idOf(f.params), f]));
    return stage.trials.map((params): TrialRow => {
      const jobId = idOf(params);
      const base = { jobId, stage: stage.name, kind: stage.kind, params };
      const record = records.get(jobId);
      if (record !== undefined) {
        const { state, metrics, error, started, finished, ms, worker, attempts } = record;
        return { ...base, state, metrics, error, started, finished, ms, cached: state === 'cached', worker, attempts };
      }
      const pointer = settled.get(jobId);
      // A run from before trial records were written: its stage output still knows the outcome.
      if (pointer !== undefined) return { ...base, state: pointer.cached ? 'cached' : 'completed', metrics: pointer.metrics ?? {}, ms: pointer.ms, cached: pointer.cached };
      const failure = failures.get(jobId);
      if (failure !== undefined) return { ...base, state: unsettledState(failure), metrics: {}, error: failure.reason };
      const now = running.get(jobId);
      if (now !== undefined) return { ...base, state: 'running', metrics: {}, started: now.started, worker: now.worker };
      return { ...base, state: 'pending', metrics: {} };
    });
  });
}
