import { engineConfigFromEnv } from '../engine/engineConfig.js';
import { EngineContext } from '../engine/engineContext.js';
import { ENGINE_DEFAULTS } from '../engine/engineDefaults.js';
import { WorkerHost } from '../engine/workerHost.js';
import { openStore } from '../store/openStore.js';
import { servedStudyModules, studyModuleUrl } from './studyModules.js';

export interface StartWorkerOptions {
  /** Paths (or file URLs) of study modules to serve besides the built-in studies. */
  readonly studies?: readonly string[];
  /** Trials computed at once (threads). */
  readonly concurrency?: number;
  /** REDIS_URL, SWEEPFLOW_PREFIX, S3_* and SWEEPFLOW_STORE_DIR are read from here (default: process.env). */
  readonly env?: NodeJS.ProcessEnv;
}

export interface RunningWorker {
  /** Lets running trials finish, then disconnects. */
  close(): Promise<void>;
}

/** A worker in this process, serving every queue, as `sweepflow worker` does. */
export function startWorker(options: StartWorkerOptions = {}): RunningWorker {
  const env = options.env ?? process.env;
  const storeFolder = env.SWEEPFLOW_STORE_DIR ?? ENGINE_DEFAULTS.storeDir;
  const engine = new EngineContext(engineConfigFromEnv(env), openStore(env, { folder: storeFolder }));
  const host = new WorkerHost(engine, {
    concurrency: options.concurrency ?? ENGINE_DEFAULTS.workerConcurrency,
    studyModules: servedStudyModules((options.studies ?? []).map(studyModuleUrl)),
    storeFolder,
  });
  host.start();
  return {
    async close() {
      await host.close();
      await engine.close();
    },
  };
}
