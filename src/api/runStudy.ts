import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { engineConfigFromEnv } from '../engine/engineConfig.js';
import { EngineContext } from '../engine/engineContext.js';
import { ENGINE_DEFAULTS } from '../engine/engineDefaults.js';
import type { RunManifest } from '../engine/runManifest.js';
import type { DatasetOptions } from '../engine/study.js';
import { readManifest } from '../engine/runStore.js';
import { mergeDeep } from '../engine/resolveConfig.js';
import { planRun, submitRun } from '../engine/submitRun.js';
import { WorkerHost } from '../engine/workerHost.js';
import { openStore } from '../store/openStore.js';
import { SweepflowError } from '../sweepflowError.js';
import { exportRun } from './exportRun.js';
import { servedStudyModules } from './studyModules.js';
import { chooseStudy } from './studyFile.js';

export interface RunStudyOptions {
  /** A built-in study's id, the path (or file URL) of a study module (worker threads load it from there), or a study file (`*.json`). */
  readonly study?: string;
  /** The table (CSV). */
  readonly data: string;
  readonly profile?: string;
  /** Overrides of the profile, as a config file holds them (over a study file's choices). */
  readonly config?: unknown;
  /** The table's target, predictors and categoricals, as `run --target/--features/--categorical` give them. */
  readonly datasetOptions?: DatasetOptions;
  /** Trials computed at once in this process; 0 leaves the run to workers started elsewhere. */
  readonly workers?: number;
  /** Also write results.json, report.html and models/ here. */
  readonly out?: string;
  /** REDIS_URL, SWEEPFLOW_PREFIX, S3_* and SWEEPFLOW_STORE_DIR are read from here (default: process.env). */
  readonly env?: NodeJS.ProcessEnv;
}

export interface RunStudyResult {
  readonly runId: string;
  readonly manifest: RunManifest;
}

const SETTLED_POLL_MS = 250;

/**
 * Runs a study to its end from a program, as `sweepflow run` does from a shell: bad input
 * throws a SweepflowError before anything is queued; the result says how the run ended.
 */
export async function runStudy(options: RunStudyOptions): Promise<RunStudyResult> {
  const env = options.env ?? process.env;
  const { study, module, overrides, source, planning } = await chooseStudy(options.study);
  const bytes = await readFile(options.data).catch(() => {
    throw new SweepflowError(`${options.data}: file not found`);
  });
  const dataset = { file: options.data, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  const planned = await planning(() =>
    planRun({
      study,
      studyModule: module,
      profile: options.profile,
      overrides: mergeDeep(overrides, options.config),
      configSource: source,
      dataset,
      datasetOptions: options.datasetOptions,
    }),
  );

  const storeFolder = env.SWEEPFLOW_STORE_DIR ?? ENGINE_DEFAULTS.storeDir;
  const engine = new EngineContext(engineConfigFromEnv(env), openStore(env, { folder: storeFolder }));
  const concurrency = options.workers ?? 1;
  const host =
    concurrency > 0 ? new WorkerHost(engine, { concurrency, studyModules: servedStudyModules(module === undefined ? [] : [module]), storeFolder }) : null;
  try {
    const { runId } = await submitRun(engine, planned);
    host?.start();
    let manifest = await readManifest(engine.store, runId);
    while (manifest.status === 'running') {
      await sleep(SETTLED_POLL_MS);
      manifest = await readManifest(engine.store, runId);
    }
    if (options.out !== undefined) await exportRun(engine.store, runId, options.out);
    return { runId, manifest };
  } finally {
    await host?.close();
    await engine.close();
  }
}
