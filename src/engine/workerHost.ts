import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { GATHER_QUEUE, TRIAL_QUEUE } from './engineConfig.js';
import type { EngineContext } from './engineContext.js';
import { gatherStage } from './gatherStage.js';
import { ThreadPool, ThreadTaskError } from './threadPool.js';
import type { TrialThreadData } from './trialThread.js';
import type { TrialPayload, TrialReturn } from './trialPayload.js';
import { parseTrialPayload } from './trialPayloadSchema.js';

export interface WorkerHostOptions {
  /** Trials computed at once by this process (its CPU slots): it takes no more jobs than that. */
  readonly concurrency: number;
  /** Module (file URL) exporting `processors`, loaded inside the trial threads. */
  readonly registryModule: string;
  readonly storeFolder: string;
  /** How long a job's lock lasts without renewal: how soon a dead worker's job is retried. */
  readonly lockDurationMs?: number;
}

/**
 * Serves the engine's queues from one process: trials run in a thread pool of `concurrency`
 * threads, taken from the queue only while a thread is free (so an idle worker elsewhere gets
 * the rest); gathers run on the main thread. close() lets running trials finish.
 */
export class WorkerHost {
  private readonly pool: ThreadPool;
  private readonly workers: Worker[] = [];

  constructor(
    private readonly engine: EngineContext,
    private readonly options: WorkerHostOptions,
  ) {
    const threadData: TrialThreadData = { registryModule: options.registryModule, storeFolder: options.storeFolder };
    this.pool = new ThreadPool(new URL('./trialThread.js', import.meta.url), options.concurrency, threadData);
  }

  start(): void {
    const lockDuration = this.options.lockDurationMs ?? 20_000;
    const common = {
      // Recorded on each job as processedBy: which host and process did the work.
      name: `${hostname()}.${process.pid}`,
      connection: this.engine.connection,
      prefix: this.engine.config.prefix,
      lockDuration,
      stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
      maxStalledCount: 2,
    };
    this.workers.push(new Worker<TrialPayload, TrialReturn>(TRIAL_QUEUE, (job) => this.runTrialJob(job), { ...common, concurrency: this.options.concurrency }));
    this.workers.push(new Worker(GATHER_QUEUE, (job) => gatherStage(this.engine, job), { ...common, concurrency: 4 }));
    for (const worker of this.workers) {
      // A lost Redis link is retried by the connection; it must not crash the process.
      worker.on('error', (error) => console.error(`worker ${worker.name}: ${error.message}`));
    }
  }

  /** Lets running trials finish, unless `abandon`: then they stall and another worker retries them. */
  async close(abandon = false): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close(abandon)));
    await this.pool.close();
  }

  private async runTrialJob(job: Job<TrialPayload, TrialReturn>): Promise<TrialReturn> {
    const payload = parseTrialPayload(job.data);
    if (typeof payload === 'string') throw new UnrecoverableError(payload);
    try {
      return await this.pool.run<TrialReturn>(payload, (value) => void job.updateProgress(value).catch(() => undefined));
    } catch (error) {
      if (error instanceof ThreadTaskError && error.inputError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
