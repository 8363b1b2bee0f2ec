import type { EngineContext } from '../engine/engineContext.js';
import { runBest, type BestTrial } from '../engine/bestTrial.js';
import { runProgress } from '../engine/runProgress.js';
import { readTrialTable } from '../engine/trialTable.js';

export interface RunListEntry {
  readonly runId: string;
  /** running, completed or failed; 'unreadable' when the manifest could not be read. */
  readonly status: string;
  readonly created: string;
  readonly finished?: string;
  readonly doneTrials: number;
  readonly totalTrials: number;
  readonly failedTrials: number;
  readonly hasReport: boolean;
  readonly hasResults: boolean;
  readonly problem?: string;
  readonly study?: string;
  /** Wall time, to `finished` or to now. */
  readonly seconds?: number;
  /** The best trial of the run's settled stages (its last stage with an objective). */
  readonly best?: BestTrial;
}

const RUN_FILE = /^runs\/([^/]+)\/(manifest\.json|report\.html|results\.json)$/;

/** Every run in the store with its progress, newest first. */
export async function listRuns(engine: EngineContext): Promise<RunListEntry[]> {
  const files = new Map<string, Set<string>>();
  for (const key of await engine.store.list('runs/')) {
    const match = RUN_FILE.exec(key);
    if (match === null) continue;
    const [, runId, file] = match;
    if (!files.has(runId)) files.set(runId, new Set());
    files.get(runId)!.add(file);
  }
  const entries = await Promise.all(
    [...files].filter(([, present]) => present.has('manifest.json')).map(([runId, present]) => runEntry(engine, runId, present)),
  );
  return entries.sort((a, b) => b.created.localeCompare(a.created) || a.runId.localeCompare(b.runId));
}

async function runEntry(engine: EngineContext, runId: string, present: ReadonlySet<string>): Promise<RunListEntry> {
  const files = { hasReport: present.has('report.html'), hasResults: present.has('results.json') };
  try {
    const { manifest, stages } = await runProgress(engine, runId);
    const end = manifest.finished === undefined ? Date.now() : Date.parse(manifest.finished);
    return {
      study: manifest.study,
      seconds: (end - Date.parse(manifest.created)) / 1000,
      best: runBest(await readTrialTable(engine.store, manifest), manifest.dag),
      runId,
      status: manifest.status,
      created: manifest.created,
      finished: manifest.finished,
      doneTrials: stages.reduce((n, s) => n + s.done, 0),
      totalTrials: stages.reduce((n, s) => n + s.total, 0),
      failedTrials: stages.reduce((n, s) => n + s.failed, 0),
      ...files,
    };
  } catch (error) {
    const problem = (error as Error).message.split('\n')[0];
    return { runId, status: 'unreadable', created: '', doneTrials: 0, totalTrials: 0, failedTrials: 0, ...files, problem };
  }
}
