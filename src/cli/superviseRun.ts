import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EngineContext } from '../engine/engineContext.js';
import { engineConfigFromEnv } from '../engine/engineConfig.js';
import { interruptRun } from '../engine/interruptRun.js';
import { runKeys } from '../engine/runLayout.js';
import type { RunManifest } from '../engine/runManifest.js';
import { readStageOutputs } from '../engine/runStore.js';
import { describeUnsettled, tallyTrials, unsettledLines, unsettledTrials } from '../engine/trialTally.js';
import { CLI_MAIN, cliStore, storeFolder } from './cliEnvironment.js';
import { exportRun } from '../api/exportRun.js';
import { studyOfRun } from '../api/studyModules.js';
import { resolveRedis } from './redisEndpoint.js';
import { formatSeconds } from './runEta.js';
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
 * shows progress until the run settles, exports it to its `out` folder, ends with one line
 * (wall time, trials computed/cached/failed, best model) and returns the exit status: 0
 * completed, 1 failed or cancelled (what did not complete named), 130 interrupted by SIGINT
 * or SIGTERM (the run is marked `interrupted` and stays resumable with `rerun`).
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
  const started = Date.now();
  try {
    // Plan first, then serve: a rerun must clear a stage's old jobs before a worker can take them.
    const manifest = await start(engine);
    const runId = manifest.runId;
    workers = startWorkers(options.workers, env, options.studyModules ?? []);
    const trials = manifest.dag.stages.reduce((n, s) => n + s.trials.length, 0);
    console.log(`run ${runId}: ${trials} trials, store ${engine.store.description}`);
    if (options.workers === 0) console.log('no workers started (--workers 0): start `sweepflow worker` processes against the same Redis');
    const watched = await watchRun(engine, runId, () => interrupted);
    if (watched.ended === 'stopped') {
      // The store may be what the run waits for: then the run stays `running` and shows as stalled.
      await interruptRun(engine, runId).catch((error) => console.error(`could not mark run ${runId} interrupted: ${(error as Error).message.split('\n')[0]}`));
      console.error(`run ${runId} interrupted after ${formatSeconds((Date.now() - started) / 1000)}: no further stage is submitted; queued trials stay queued; resume with \`sweepflow rerun ${runId}\``);
      return 130;
    }
    if (watched.ended === 'stuck') {
      console.error(`run ${runId} stopped; after fixing the cause: sweepflow rerun ${runId}`);
      return 1;
    }
    const settled = watched.progress.manifest;
    await writeMissingReport(engine, settled);
    const out = options.out ?? settled.out;
    if (out !== undefined) await exportRun(engine.store, runId, out);
    console.log(await closingLine(engine, settled, (Date.now() - started) / 1000, out));
    return settled.status === 'completed' ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stopWorkers(workers);
    await engine.close();
    redis.stop();
  }
}

/**
 * "run X completed in 1m12s: 40 computed, 3 cached, 0 failed; best model: …; out/results.json",
 * after naming on stderr every trial that did not complete, with its state and reason.
 */
async function closingLine(engine: EngineContext, manifest: RunManifest, seconds: number, out: string | undefined): Promise<string> {
  const outputs = [...(await readStageOutputs(engine.store, manifest)).values()];
  const total = manifest.dag.stages.reduce((n, s) => n + s.trials.length, 0);
  const tally = tallyTrials(total, outputs);
  const unsettled = unsettledTrials(outputs);
  if (unsettled.length > 0) {
    console.error(`run ${manifest.runId} ${manifest.status}: ${describeUnsettled(tally)}`);
    for (const line of unsettledLines(unsettled)) console.error(`  ${line}`);
    console.error(tally.failed > 0 ? `after fixing the cause: sweepflow rerun ${manifest.runId}` : `resume with: sweepflow rerun ${manifest.runId}`);
  }
  const { study } = await studyOfRun(manifest);
  const best = await study.headline?.({ store: engine.store, manifest });
  const counts = `${tally.computed} computed, ${tally.cached} cached, ${tally.failed} failed${tally.upstreamFailed > 0 ? `, ${tally.upstreamFailed} upstream-failed` : ''}${tally.cancelled > 0 ? `, ${tally.cancelled} cancelled` : ''}`;
  return `run ${manifest.runId} ${manifest.status} in ${formatSeconds(seconds)}: ${counts}${best === undefined ? '' : `; ${best}`}${out === undefined ? '' : `; files in ${out}`}`;
}

/** A run that settled without its report (it stopped before its study wrote one) gets the study's partial report. */
async function writeMissingReport(engine: EngineContext, manifest: RunManifest): Promise<void> {
  if (await engine.store.exists(runKeys.report(manifest.runId))) return;
  const { study } = await studyOfRun(manifest);
  if (study.report === undefined) return;
  try {
    await engine.store.put(runKeys.report(manifest.runId), await study.report({ store: engine.store, manifest }), 'text/html; charset=utf-8');
  } catch (error) {
    console.error(`no report for run ${manifest.runId}: ${(error as Error).message.split('\n')[0]}`);
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
