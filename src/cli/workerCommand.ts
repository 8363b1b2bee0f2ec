import { WorkerHost } from '../engine/workerHost.js';
import { redactUrl } from '../engine/engineConfig.js';
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
  const engine = cliEngine();
  const host = new WorkerHost(engine, {
    concurrency: options.concurrency,
    studyModules,
    storeFolder: storeFolder(),
    lockDurationMs: process.env.SWEEPFLOW_LOCK_MS === undefined ? undefined : Number(process.env.SWEEPFLOW_LOCK_MS),
  });
  host.start();
  console.log(
    `worker ${process.pid}: ${options.concurrency} slot(s), studies ${[...studies.keys()].join(', ')}, Redis ${redactUrl(engine.config.redisUrl)} prefix '${engine.config.prefix}', store ${engine.store.description}`,
  );
  let closing = false;
  const shutdown = async (reason: string, abandon = false) => {
    if (closing) return;
    closing = true;
    console.log(`worker ${process.pid}: ${reason}, ${abandon ? 'leaving running trials to other workers' : 'finishing running trials'}`);
    // Abandoning, a trial thread deep in a computation must not hold the process: give up after 5 s.
    if (abandon) setTimeout(() => process.exit(1), 5000).unref();
    await host.close(abandon);
    await engine.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  watchSupervisor(() => void shutdown('the run that started it exited', true));
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
