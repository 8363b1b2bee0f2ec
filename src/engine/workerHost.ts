import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { errorLine, isRetryable } from '../sweepflowError.js';
import { GATHER_QUEUE, TRIAL_QUEUE } from './engineConfig.js';
import { ENGINE_DEFAULTS, stalledIntervalMs } from './engineDefaults.js';
import type { EngineContext } from './engineContext.js';
import { gatherStage } from './gatherStage.js';
import { markProgress } from './runBeacon.js';
import { settleLateTrial } from './settleLateTrial.js';
import { StoreGuard } from './storeGuard.js';
import { ThreadPool } from './threadPool.js';
import { writeTrialRecord } from './trialRecord.js';
import type { TrialThreadData } from './trialThread.js';
import { parseTrialPayload, type GatherPayload, type TrialPayload, type TrialReturn } from './trialPayload.js';

export interface WorkerHostOptions {
  /** Trials computed at once by this process (its CPU slots): it takes no more jobs than that. */
  readonly concurrency: number;
  /** The study modules (file URLs) this process serves, loaded inside the trial threads. */
  readonly studyModules: readonly string[];
  readonly storeFolder: string;
  /** How long a job's lock lasts without renewal (default: ENGINE_DEFAULTS.lockDurationMs). */
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
  private readonly name = `${hostname()}.${process.pid}`;
  private readonly guard: StoreGuard;

  constructor(
    private readonly engine: EngineContext,
    private readonly options: WorkerHostOptions,
  ) {
    const threadData: TrialThreadData = { studyModules: options.studyModules, storeFolder: options.storeFolder };
    this.guard = new StoreGuard(engine.store, this.name);
    this.pool = new ThreadPool(new URL('./trialThread.js', import.meta.url), options.concurrency, threadData);
  }

  start(): void {
    const lockDuration = this.options.lockDurationMs ?? ENGINE_DEFAULTS.lockDurationMs;
    const common = {
      // Recorded on each job as processedBy: which host and process did the work.
      name: this.name,
      connection: this.engine.connection,
      prefix: this.engine.config.prefix,
      lockDuration,
      stalledInterval: stalledIntervalMs(lockDuration),
      maxStalledCount: ENGINE_DEFAULTS.maxStalledCount,
    };
    this.workers.push(new Worker<TrialPayload, TrialReturn>(TRIAL_QUEUE, (job, token) => this.runTrialJob(job, token), { ...common, concurrency: this.options.concurrency }));
    this.workers.push(new Worker<GatherPayload>(GATHER_QUEUE, async (job, token) => {
      await this.guard.admit(job, job.data.runId, job.data.storeId, token);
      return gatherStage(this.engine, job);
    }, { ...common, concurrency: ENGINE_DEFAULTS.gatherConcurrency }));
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

  private async runTrialJob(job: Job<TrialPayload, TrialReturn>, token: string | undefined): Promise<TrialReturn> {
    const payload = parseTrialPayload(job.data);
    if (typeof payload === 'string') throw new UnrecoverableError(payload);
    await this.guard.admit(job, payload.runId, payload.storeId, token);
    await markProgress(this.engine, payload.runId);
    const started = new Date();
    const record = { jobId: job.id!, stage: payload.stage, kind: payload.kind, started: started.toISOString(), worker: this.name, attempts: job.attemptsMade + 1 };
    let computed: TrialReturn;
    try {
      injectedFailure(job.id);
      computed = await this.pool.run<TrialReturn>(payload, (progress) => void job.updateProgress(progress).catch(() => undefined));
    } catch (error) {
      const final = !isRetryable(error) || record.attempts >= (job.opts.attempts ?? 1);
      if (final) {
        const finished = new Date();
        const failure = { ...record, state: 'failed' as const, metrics: {}, error: errorLine(error), finished: finished.toISOString(), ms: finished.getTime() - started.getTime() };
        // The job's failure is what counts; a store that cannot take the record must not hide it.
        await writeTrialRecord(this.engine.store, payload.runId, failure).catch((cause) => console.error(`trial ${job.id}: its failure was not recorded: ${errorLine(cause)}`));
      }
      if (!isRetryable(error)) throw new UnrecoverableError((error as Error).message);
      throw error;
    }
    const finished = new Date();
    const state = computed.cached ? 'cached' : 'completed';
    await writeTrialRecord(this.engine.store, payload.runId, { ...record, state, metrics: computed.metrics, finished: finished.toISOString(), ms: finished.getTime() - started.getTime() });
    // The record's when and where go to Redis too, for the gather to put in the stage output.
    const value: TrialReturn = { ...computed, started: record.started, finished: finished.toISOString(), worker: record.worker, attempts: record.attempts };
    await markProgress(this.engine, payload.runId);
    // The result is in the store whatever happens here: a run that cannot take it now takes it on `rerun`.
    await settleLateTrial(this.engine, payload, job.id!, value).catch((error: Error) =>
      console.error(`trial ${job.id}: its settled stage could not take the result: ${error.message.split('\n')[0]}`),
    );
    return value;
  }
}

/**
 * Chaos testing: SWEEPFLOW_FAIL_TRIALS=<regex> makes every trial whose job id matches fail,
 * as a crashed computation would, so failure handling and `rerun` can be exercised for real.
 */
function injectedFailure(jobId: string | undefined): void {
  const pattern = process.env.SWEEPFLOW_FAIL_TRIALS;
  if (pattern && jobId !== undefined && new RegExp(pattern).test(jobId)) {
    throw new Error(`injected failure for ${jobId} (SWEEPFLOW_FAIL_TRIALS)`);
  }
}
