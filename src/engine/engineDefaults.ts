/** Every tunable of the engine and the CLI, in one place; each field says its default. */
export interface EngineDefaults {
  /**
   * Redis for the queues when REDIS_URL is unset.
   * @default 'redis://127.0.0.1:6379'
   */
  readonly redisUrl: string;
  /**
   * BullMQ key prefix when SWEEPFLOW_PREFIX is unset: one per deployment (or test run).
   * @default 'sweepflow'
   */
  readonly prefix: string;
  /**
   * Folder store root when S3_ENDPOINT and SWEEPFLOW_STORE_DIR are unset, relative to the working directory.
   * @default 'runs'
   */
  readonly storeDir: string;
  /**
   * Tries per trial before it counts as failed, unless its job kind says otherwise.
   * @default 2
   */
  readonly trialAttempts: number;
  /**
   * Tries of a stage's gather job (it only reads and writes small objects: a store or Redis outage).
   * @default 3
   */
  readonly gatherAttempts: number;
  /**
   * First wait before a retry, doubling on each further try.
   * @default 1000
   */
  readonly backoffMs: number;
  /**
   * How long a job's lock lasts without renewal: how soon a dead worker's job is retried.
   * @default 20000
   */
  readonly lockDurationMs: number;
  /**
   * How many times a job may be found stalled (its worker died or lost Redis) before it fails.
   * Stalls are kept apart from `trialAttempts` (a stall does not spend an attempt) and made
   * plentiful, because they come from the cluster, not the trial: a worker killed or cut off
   * by a partition, even several times over, must not fail a trial for good. Only a trial that
   * kills every worker that takes it (e.g. out of memory) reaches the limit.
   * @default 10
   */
  readonly maxStalledCount: number;
  /**
   * Gather jobs one worker runs at once (they are I/O only, on the main thread).
   * @default 4
   */
  readonly gatherConcurrency: number;
  /**
   * Trials computed at once by a `sweepflow worker` (its threads).
   * @default 1
   */
  readonly workerConcurrency: number;
  /**
   * How long a starting worker waits for Redis to answer before it exits 2 (SWEEPFLOW_REDIS_WAIT_MS overrides).
   * @default 30000
   */
  readonly workerRedisWaitMs: number;
  /**
   * How long a worker told to stop (SIGTERM/SIGINT) lets running trials finish before it exits anyway; their jobs stall and are retried elsewhere.
   * @default 30000
   */
  readonly workerStopMs: number;
  /**
   * How long a job released by a worker whose store does not hold its run waits before any worker may take it again.
   * @default 250
   */
  readonly releaseDelayMs: number;
  /**
   * How long that worker's slot then stays idle, so workers on the run's store take the released job first.
   * @default 2000
   */
  readonly releasePauseMs: number;
  /**
   * A Redis link that has sent a command and heard nothing for this long is dropped and dialled
   * again (ioredis socketTimeout), and its unanswered commands are sent again on the new link.
   * Without it, a link cut by a partition waits on TCP retransmission, whose backoff doubles
   * (0.2 s … 51 s, 102 s): a worker back from a 60 s partition idled 40–100 s. It must exceed the
   * longest blocking command the engine sends (BullMQ blocks at most 10 s, then its own watchdog
   * resets the link), so an idle wait is never cut.
   * @default 12000
   */
  readonly redisSocketTimeoutMs: number;
  /**
   * Least time between two progress updates of a trial sent to Redis.
   * @default 250
   */
  readonly progressIntervalMs: number;
  /**
   * How long a lock on a run's bookkeeping (a late trial's stage, a cancel) lasts if its holder dies.
   * @default 30000
   */
  readonly runLockMs: number;
  /**
   * A running run with no progress (no trial started or finished) for this long, and no live worker, shows as `stalled` (SWEEPFLOW_STALLED_MS overrides).
   * @default 120000
   */
  readonly stalledAfterMs: number;
  /**
   * How often `run`/`rerun` read the run's state from Redis while showing its progress.
   * @default 500
   */
  readonly watchIntervalMs: number;
  /**
   * How often the dashboard's run page asks for the run again while it is running.
   * @default 2000
   */
  readonly runPagePollMs: number;
  /**
   * How often the dashboard's run list reloads itself while a run is running.
   * @default 5
   */
  readonly runListRefreshSeconds: number;
  /**
   * How often a watch reads one small object from the store, so that a store outage shows (`waiting: …`) though progress comes from Redis.
   * @default 2000
   */
  readonly watchStoreProbeMs: number;
}

export const ENGINE_DEFAULTS: EngineDefaults = {
  redisUrl: 'redis://127.0.0.1:6379',
  prefix: 'sweepflow',
  storeDir: 'runs',
  trialAttempts: 2,
  gatherAttempts: 3,
  backoffMs: 1000,
  lockDurationMs: 20_000,
  maxStalledCount: 10,
  gatherConcurrency: 4,
  workerConcurrency: 1,
  progressIntervalMs: 250,
  runLockMs: 30_000,
  stalledAfterMs: 120_000,
  watchIntervalMs: 500,
  redisSocketTimeoutMs: 12_000,
  watchStoreProbeMs: 2000,
  workerRedisWaitMs: 30_000,
  workerStopMs: 30_000,
  releaseDelayMs: 250,
  releasePauseMs: 2000,
  runPagePollMs: 2000,
  runListRefreshSeconds: 5,
};

/** Half the lock: a stalled job is found within 1.5 lock durations of its worker's death. */
export function stalledIntervalMs(lockDurationMs: number): number {
  return Math.max(1000, Math.floor(lockDurationMs / 2));
}
