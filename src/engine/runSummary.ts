import type { EngineContext } from './engineContext.js';
import { ProgressCache, runProgress, type RunProgress, type ShownStatus } from './runProgress.js';
import { unsettledTrials, type UnsettledTrial } from './trialTally.js';
import type { Study } from './study.js';

/** A run in one record: what `status --json`, `runs` and the dashboard's run list show. */
export interface RunSummary {
  readonly runId: string;
  readonly study: string;
  /** The manifest's status, or `stalled` for a running run nothing serves. */
  readonly status: ShownStatus;
  readonly created: string;
  readonly finished?: string;
  /** Seconds from creation to finish (or to now while it runs). */
  readonly durationS: number;
  readonly trials: {
    readonly total: number;
    readonly computed: number;
    readonly cached: number;
    readonly running: number;
    readonly queued: number;
    readonly failed: number;
    readonly upstreamFailed: number;
    readonly cancelled: number;
  };
  /** The study's one line on the run's outcome (its best model), once it has one. */
  readonly best?: string;
  readonly stages: RunProgress['stages'];
  readonly workers: readonly string[];
  /** Every trial of a settled stage that has no result, named, with its state and why. */
  readonly unsettled: readonly UnsettledTrial[];
}

export async function summarizeRun(
  engine: EngineContext,
  runId: string,
  studyOf: (progress: RunProgress) => Promise<Study | undefined>,
): Promise<RunSummary> {
  const cache = new ProgressCache();
  const progress = await runProgress(engine, runId, cache);
  const { manifest, stages } = progress;
  const sum = (field: 'computed' | 'cached' | 'running' | 'queued' | 'failed' | 'upstreamFailed' | 'cancelled') =>
    stages.reduce((n, s) => n + s[field], 0);
  const waiting = stages.filter((s) => s.state === 'waiting').reduce((n, s) => n + s.total, 0);
  const study = await studyOf(progress);
  const end = manifest.finished === undefined ? Date.now() : Date.parse(manifest.finished);
  return {
    runId,
    study: manifest.study,
    status: progress.status,
    created: manifest.created,
    finished: manifest.finished,
    durationS: Math.max(0, (end - Date.parse(manifest.created)) / 1000),
    trials: {
      total: stages.reduce((n, s) => n + s.total, 0),
      computed: sum('computed'),
      cached: sum('cached'),
      running: sum('running'),
      queued: sum('queued') + waiting,
      failed: sum('failed'),
      upstreamFailed: sum('upstreamFailed'),
      cancelled: sum('cancelled'),
    },
    best: await study?.headline?.({ store: engine.store, manifest }),
    stages,
    workers: progress.workers,
    unsettled: unsettledTrials([...cache.outputs.values()].flatMap((known) => known.output ?? [])),
  };
}
