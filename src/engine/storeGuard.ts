import { setTimeout as sleep } from 'node:timers/promises';
import { DelayedError, type Job } from 'bullmq';
import type { ObjectStore } from '../store/objectStore.js';
import { readStoreIdentity, type StoreIdentity } from '../store/storeIdentity.js';
import { ENGINE_DEFAULTS } from './engineDefaults.js';

/**
 * Keeps a worker from serving runs its store does not hold: such a job is handed back to the
 * queue (delayed, without counting an attempt) for a worker on the run's store, and the
 * mismatch is reported once per run, in one line.
 */
export class StoreGuard {
  private identity: StoreIdentity | undefined;
  private readonly refused = new Set<string>();

  constructor(
    private readonly store: ObjectStore,
    private readonly workerName: string,
  ) {}

  /** Returns when this worker's store is the run's (or the job names none); otherwise releases the job and throws DelayedError. */
  async admit(job: Job, runId: string, storeId: string | undefined, token: string | undefined): Promise<void> {
    if (storeId === undefined) return;
    // A store without identity yet may get one from a run submitted later: only a found one is kept.
    this.identity ??= (await readStoreIdentity(this.store)) ?? undefined;
    if (this.identity?.id === storeId) return;
    if (!this.refused.has(runId)) {
      this.refused.add(runId);
      console.error(
        `worker ${this.workerName}: run '${runId}' is in store ${storeId}, not in this worker's ${this.store.description}${this.identity === undefined ? ' (no runs)' : ` (${this.identity.id})`}: releasing its jobs to other workers; start this worker with the run's S3_*/SWEEPFLOW_STORE_DIR settings`,
      );
    }
    await job.moveToDelayed(Date.now() + ENGINE_DEFAULTS.releaseDelayMs, token);
    await sleep(ENGINE_DEFAULTS.releasePauseMs);
    throw new DelayedError();
  }
}
