import type { EngineContext } from '../engine/engineContext.js';
import { runBest, type BestTrial } from '../engine/bestTrial.js';
import { summarizeRun, type RunSummary } from '../engine/runSummary.js';
import type { RunManifest } from '../engine/runManifest.js';
import { readManifest } from '../engine/runStore.js';
import type { Study } from '../engine/study.js';
import { readTrialTable } from '../engine/trialTable.js';

/** Finds a run's study (for its best model); undefined when this process cannot load it. */
export type StudyOfRun = (manifest: RunManifest) => Promise<Study | undefined>;

export interface RunListEntry {
  readonly runId: string;
  /** running, completed, failed, cancelled, interrupted or stalled; 'unreadable' when the manifest could not be read. */
  readonly status: string;
  readonly study?: string;
  readonly created: string;
  readonly finished?: string;
  readonly durationS?: number;
  readonly doneTrials: number;
  readonly totalTrials: number;
  /** Trials that failed on their own (upstream-failed and cancelled ones are counted apart). */
  readonly failedTrials: number;
  readonly upstreamFailedTrials?: number;
  readonly cancelledTrials?: number;
  /** The study's line on the run's outcome (its best model), once it has one. */
  readonly best?: string;
  /** The best trial so far of the run's last stage with an objective (live while the run runs). */
  readonly bestTrial?: BestTrial;
  readonly hasReport: boolean;
  readonly hasResults: boolean;
  readonly problem?: string;
}

const RUN_FILE = /^runs\/([^/]+)\/(manifest\.json|report\.html|results\.json)$/;

/** Every run in the store with its progress, newest first; `studyOf` finds a run's study (for its best model). */
export async function listRuns(engine: EngineContext, studyOf: StudyOfRun = async () => undefined): Promise<RunListEntry[]> {
  const files = new Map<string, Set<string>>();
  for (const key of await engine.store.list('runs/')) {
    const match = RUN_FILE.exec(key);
    if (match === null) continue;
    const [, runId, file] = match;
    if (!files.has(runId)) files.set(runId, new Set());
    files.get(runId)!.add(file);
  }
  const entries = await Promise.all(
    [...files].filter(([, present]) => present.has('manifest.json')).map(([runId, present]) => runEntry(engine, runId, present, studyOf)),
  );
  return entries.sort((a, b) => b.created.localeCompare(a.created) || a.runId.localeCompare(b.runId));
}

async function runEntry(
  engine: EngineContext,
  runId: string,
  present: ReadonlySet<string>,
  studyOf: StudyOfRun,
): Promise<RunListEntry> {
  const files = { hasReport: present.has('report.html'), hasResults: present.has('results.json') };
  try {
    const run: RunSummary = await summarizeRun(engine, runId, ({ manifest }) => studyOf(manifest).catch(() => undefined));
    const manifest = await readManifest(engine.store, runId);
    return {
      runId,
      status: run.status,
      study: run.study,
      created: run.created,
      finished: run.finished,
      durationS: run.durationS,
      doneTrials: run.trials.computed + run.trials.cached,
      totalTrials: run.trials.total,
      failedTrials: run.trials.failed,
      upstreamFailedTrials: run.trials.upstreamFailed,
      cancelledTrials: run.trials.cancelled,
      best: run.best,
      bestTrial: runBest(await readTrialTable(engine.store, manifest), manifest.dag),
      ...files,
    };
  } catch (error) {
    const problem = (error as Error).message.split('\n')[0];
    return { runId, status: 'unreadable', created: '', doneTrials: 0, totalTrials: 0, failedTrials: 0, ...files, problem };
  }
}
