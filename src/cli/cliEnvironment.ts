import { resolve } from 'node:path';
import { openStore } from '../store/openStore.js';
import type { ObjectStore } from '../store/objectStore.js';
import { engineConfigFromEnv, type EngineConfig } from '../engine/engineConfig.js';
import { EngineContext } from '../engine/engineContext.js';
import { ENGINE_DEFAULTS } from '../engine/engineDefaults.js';

/** The folder store's root when S3_ENDPOINT is unset: ./runs, or SWEEPFLOW_STORE_DIR. */
export function storeFolder(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.SWEEPFLOW_STORE_DIR ?? ENGINE_DEFAULTS.storeDir);
}

export function cliStore(env: NodeJS.ProcessEnv = process.env): ObjectStore {
  return openStore(env, { folder: storeFolder(env) });
}

export function cliEngine(env: NodeJS.ProcessEnv = process.env, overrides: Partial<EngineConfig> = {}): EngineContext {
  return new EngineContext({ ...engineConfigFromEnv(env), ...overrides }, cliStore(env));
}

/** This CLI's entry file, to start worker processes with. */
export const CLI_MAIN = new URL('./main.js', import.meta.url);
