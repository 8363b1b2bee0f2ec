import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EngineContext } from '../engine/engineContext.js';
import { engineConfigFromEnv } from '../engine/engineConfig.js';
import type { RunManifest } from '../engine/runManifest.js';
import { CLI_MAIN, cliStore, storeFolder } from './cliEnvironment.js';
import { exportRun } from '../api/exportRun.js';
import { resolveRedis } from './redisEndpoint.js';
import { watchRun } from './watchRun.js';
import { SweepflowError } from '../sweepflowError.js';

export interface SuperviseOptions {
  readonly workers: number;
  readonly out?: string;
  /** Study modules (file URLs) beyond the built-in ones that the started workers must serve. */
  readonly studyModules?: readonly string[];
}

/**
 * Runs `start` against Redis (the embedded one if need be) with `workers` worker processes,
 * shows progress until the run settles, exports it to `out`, and returns the exit status:
 * 0 completed, 1 failed (failed trials named), 130 interrupted (the run stays resumable).
 */
export async function superviseRun(
  options: SuperviseOptions,
  start: (engine: EngineContext) => Promise<RunManifest>,
): Promise<number> {
  const redis = await resolveRedis(process.env, (line) => console.log(line));
  if (options.workers === 0 && redis.embedded !== null) {
    redis.stop();
    // No other host can reach a private Redis on 127.0.0.1, so no worker could ever serve the run.
    throw new SweepflowError('--workers 0 needs a Redis other hosts can reach: set REDIS_URL (no Redis answers at 127.0.0.1:6379)');
  }
  const env = { ...process.env, REDIS_URL: redis.url, SWEEPFLOW_STORE_DIR: storeFolder() };
  const engine = new EngineContext(engineConfigFromEnv(env), cliStore(env));
  let workers: ChildProcess[] = [];
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // Plan first, then serve: a rerun must clear a stage's old jobs before a worker can take them.
    const manifest = await start(engine);
    workers = startWorkers(options.workers, env, options.studyModules ?? []);
    const trials = manifest.dag.stages.reduce((n, s) => n + s.trials.length, 0);
    console.log(`run ${manifest.runId}: ${trials} trials, store ${engine.store.description}`);
    if (options.workers === 0) console.log('no workers started (--workers 0): start `sweepflow worker` processes against the same Redis');
    const finished = await watchRun(engine, manifest.runId, () => interrupted);
    if (finished === null) {
      console.error(`interrupted: run ${manifest.runId} is kept; finish it with \`sweepflow rerun ${manifest.runId}\``);
      return 130;
    }
    if (options.out !== undefined) await exportRun(engine.store, manifest.runId, options.out);
    if (finished.status !== 'completed') return 1;
    console.log(`run ${manifest.runId} completed${options.out === undefined ? '' : `: ${options.out}/results.json`}`);
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stopWorkers(workers);
    await engine.close();
    redis.stop();
  }
}

function startWorkers(count: number, env: NodeJS.ProcessEnv, studyModules: readonly string[]): ChildProcess[] {
  const studies = studyModules.flatMap((module) => ['--study', fileURLToPath(module)]);
  return Array.from({ length: count }, () =>
    spawn(process.execPath, [fileURLToPath(CLI_MAIN), 'worker', '--concurrency', '1', ...studies], {
      env: { ...env, SWEEPFLOW_SUPERVISOR_PID: String(process.pid) },
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
}
