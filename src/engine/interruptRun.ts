import type { EngineContext } from './engineContext.js';
import { saveRunStatus } from './runBeacon.js';
import { withRunLock } from './runLock.js';
import type { RunManifest } from './runManifest.js';
import { readManifest } from './runStore.js';

/**
 * Marks a running run `interrupted` when the `run` that supervised it stops (Ctrl-C, SIGTERM):
 * no further stage is submitted. Trials already queued are left in Redis: a worker still serving
 * the deployment may finish them into the cache, and `rerun` resumes the run from what settled.
 */
export async function interruptRun(engine: EngineContext, runId: string): Promise<RunManifest> {
  return withRunLock(engine, runId, async () => {
    const manifest = await readManifest(engine.store, runId);
    if (manifest.status !== 'running') return manifest;
    manifest.status = 'interrupted';
    manifest.finished = new Date().toISOString();
    await saveRunStatus(engine, manifest);
    return manifest;
  });
}
