import { TRIAL_QUEUE } from './engineConfig.js';
import type { EngineContext } from './engineContext.js';
import type { RunManifest } from './runManifest.js';
import { readManifest } from './runStore.js';
import { readTrialTable, type RunningTrial, type TrialRow } from './trialTable.js';

/** A run's trials table as it stands now: the store's records and the queue's active jobs of the run. */
export async function liveTrialTable(engine: EngineContext, runId: string): Promise<{ manifest: RunManifest; rows: TrialRow[] }> {
  const manifest = await readManifest(engine.store, runId);
  const running = new Map<string, RunningTrial>();
  if (manifest.status === 'running') {
    for (const job of await engine.queue(TRIAL_QUEUE).getJobs(['active'])) {
      if (job?.id === undefined || !job.id.startsWith(`${runId}.`)) continue;
      running.set(job.id, { started: new Date(job.processedOn ?? Date.now()).toISOString(), worker: job.processedBy });
    }
  }
  return { manifest, rows: await readTrialTable(engine.store, manifest, running) };
}
