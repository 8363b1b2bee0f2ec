import { randomBytes } from 'node:crypto';
import type { EngineContext } from './engineContext.js';
import { ENGINE_DEFAULTS } from './engineDefaults.js';

const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/**
 * Runs `change` while this process alone may rewrite the run's bookkeeping (stage outputs,
 * status): a trial retried from bull-board and a `cancel` can otherwise race on the same
 * objects. The lock expires on its own if its holder dies.
 */
export async function withRunLock<T>(engine: EngineContext, runId: string, change: () => Promise<T>): Promise<T> {
  const key = engine.key('lock', runId);
  const token = randomBytes(8).toString('hex');
  while ((await engine.connection.set(key, token, 'PX', ENGINE_DEFAULTS.runLockMs, 'NX')) !== 'OK') {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  try {
    return await change();
  } finally {
    await engine.connection.eval(RELEASE, 1, key, token);
  }
}
