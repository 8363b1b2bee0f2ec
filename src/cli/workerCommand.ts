import { WorkerHost } from '../engine/workerHost.js';
import { engineConfigFromEnv, redactUrl } from '../engine/engineConfig.js';
import { ENGINE_DEFAULTS } from '../engine/engineDefaults.js';
import { SweepflowError } from '../sweepflowError.js';
import { redisAnswers } from './redisEndpoint.js';
import { importStudies } from '../engine/importStudy.js';
import { cliEngine, storeFolder } from './cliEnvironment.js';
import { servedStudyModules, studyModuleUrl } from '../api/studyModules.js';

export interface WorkerOptions {
  readonly concurrency: number;
  /** Paths of study modules to serve besides the built-in studies. */
  readonly study?: readonly string[];
}

/** `sweepflow worker`: serve every queue until SIGINT/SIGTERM, then finish running trials and exit. */
export async function workerCommand(options: WorkerOptions): Promise<void> {
  if (supervisorGone()) return;
  const studyModules = servedStudyModules((options.study ?? []).map(studyModuleUrl));
  // Loaded here first, so a study that does not load stops the worker at start with one line.
  const studies = await importStudies(studyModules);
  let closing = false;
  let stop: (abandon: boolean) => Promise<void> = async () => undefined;
  const shutdown = async (reason: string, abandon = false) => {
    if (closing) return;
    closing = true;
    console.log(`worker ${process.pid}: ${reason}, ${abandon ? 'leaving running trials to other workers' : 'finishing running trials'}`);
    // A trial thread deep in a computation, or a Redis that never answers, must not hold the process.
    setTimeout(() => process.exit(abandon ? 1 : 0), abandon ? 5000 : ENGINE_DEFAULTS.workerStopMs).unref();
    await stop(abandon);
    process.exit(0);
  };
  // Installed before Redis is reached: a worker waiting for it stops on a signal too.
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  const config = engineConfigFromEnv();
  await waitForRedis(config.redisUrl, redisWaitMs());
  if (closing) return;
  const engine = cliEngine();
  const host = new WorkerHost(engine, {
    concurrency: options.concurrency,
    studyModules,
    storeFolder: storeFolder(),
    lockDurationMs: process.env.SWEEPFLOW_LOCK_MS === undefined ? undefined : Number(process.env.SWEEPFLOW_LOCK_MS),
  });
  host.start();
  stop = async (abandon) => {
    await host.close(abandon);
    await engine.close();
  };
  console.log(
    `worker ${process.pid}: ${options.concurrency} slot(s), studies ${[...studies.keys()].join(', ')}, Redis ${redactUrl(engine.config.redisUrl)} prefix '${engine.config.prefix}', store ${engine.store.description}`,
  );
  watchSupervisor(() => void shutdown('the run that started it exited', true));
}

function redisWaitMs(): number {
  const value = process.env.SWEEPFLOW_REDIS_WAIT_MS;
  if (value === undefined) return ENGINE_DEFAULTS.workerRedisWaitMs;
  if (!/^\d+$/.test(value)) throw new SweepflowError(`invalid SWEEPFLOW_REDIS_WAIT_MS '${value}': expected a whole number of milliseconds`);
  return Number(value);
}

/** Returns once Redis answers; a Redis that stays silent for `waitMs` stops the worker with one line (exit 2). */
async function waitForRedis(url: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  while (!(await redisAnswers(url))) {
    if (Date.now() >= deadline) {
      throw new SweepflowError(`Redis at ${redactUrl(url)} did not answer within ${(waitMs / 1000).toFixed(0)} s: start it, or fix REDIS_URL`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Started by `sweepflow run`, which names itself in SWEEPFLOW_SUPERVISOR_PID; killed outright, it re-parents us. */
function supervisorGone(): boolean {
  const supervisor = process.env.SWEEPFLOW_SUPERVISOR_PID;
  return supervisor !== undefined && Number(supervisor) !== process.ppid;
}

/** A worker started by `sweepflow run` does not outlive it, even if it was killed with -9. */
function watchSupervisor(onGone: () => void): void {
  if (process.env.SWEEPFLOW_SUPERVISOR_PID === undefined) return;
  const check = () => {
    if (supervisorGone()) onGone();
  };
  setInterval(check, 1000).unref();
  check();
}
