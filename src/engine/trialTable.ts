import type { ObjectStore } from '../store/objectStore.js';
import type { TrialParams } from './dag.js';
import { trialJobId } from './jobIds.js';
import { stageGeneration, unsettledState, type RunManifest, type StageOutput, type TrialPointer } from './runManifest.js';
import { readStageOutputs } from './runStore.js';
import type { TrialMetrics } from './trialMetrics.js';
import { readTrialRecords, type TrialRecord } from './trialRecord.js';

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
 * Every trial of the run's DAG, in stage order: settled ones from their stage outputs (whose
 * pointers say when and where each ran) or else their records, failures the stage outputs know
 * of (a stage skipped because its input failed), running ones from `running`, the rest pending.
 * Only the records a stage output cannot stand in for are read; `known` are outputs the caller
 * has read already.
 */
export async function readTrialTable(
  store: ObjectStore,
  manifest: RunManifest,
  running: ReadonlyMap<string, RunningTrial> = new Map(),
  known: ReadonlyMap<string, StageOutput> = new Map(),
): Promise<TrialRow[]> {
  const outputs = await readStageOutputs(store, manifest, known);
  const stages = manifest.dag.stages.map((stage) => {
    // The stage's current generation: records of older ones (trials superseded while they ran) are not its trials.
    const idOf = (params: TrialParams) => trialJobId(manifest.runId, stage.name, params, stageGeneration(manifest, stage.name));
    const settled = new Map((outputs.get(stage.name)?.trials ?? []).map((t) => [idOf(t.params), t]));
    const failures = new Map((outputs.get(stage.name)?.failed ?? []).map((f) => [idOf(f.params), f]));
    return { stage, idOf, settled, failures };
  });
  const unrecorded = stages.flatMap(({ stage, idOf, settled }) => stage.trials.map(idOf).filter((jobId) => settled.get(jobId)?.started === undefined));
  const { records } = await readTrialRecords(store, manifest.runId, new Set(unrecorded));
  return stages.flatMap(({ stage, idOf, settled, failures }) =>
    stage.trials.map((params): TrialRow => {
      const jobId = idOf(params);
      const base = { jobId, stage: stage.name, kind: stage.kind, params };
      const pointer = settled.get(jobId);
      const record = records.get(jobId) ?? (pointer === undefined ? undefined : recordOf(pointer));
      if (record !== undefined) {
        const { state, metrics, error, started, finished, ms, worker, attempts } = record;
        return { ...base, state, metrics, error, started, finished, ms, cached: state === 'cached', worker, attempts };
      }
      // A run from before trial records were written: its stage output still knows the outcome.
      if (pointer !== undefined) return { ...base, state: pointer.cached ? 'cached' : 'completed', metrics: pointer.metrics ?? {}, ms: pointer.ms, cached: pointer.cached };
      const failure = failures.get(jobId);
      if (failure !== undefined) return { ...base, state: unsettledState(failure), metrics: {}, error: failure.reason };
      const now = running.get(jobId);
      if (now !== undefined) return { ...base, state: 'running', metrics: {}, started: now.started, worker: now.worker };
      return { ...base, state: 'pending', metrics: {} };
    }),
  );
}

/** What the trial's record says, from its pointer when that carries when and where it ran. */
function recordOf(pointer: TrialPointer): Omit<TrialRecord, 'jobId' | 'stage' | 'kind'> | undefined {
  const { started, finished, worker, attempts } = pointer;
  if (started === undefined || finished === undefined || worker === undefined || attempts === undefined) return undefined;
  const state = pointer.cached ? 'cached' : 'completed';
  return { state, metrics: pointer.metrics ?? {}, started, finished, ms: Date.parse(finished) - Date.parse(started), worker, attempts };
}
