import { Redis } from 'ioredis';
import { ENGINE_DEFAULTS } from './engineDefaults.js';

/** Where the engine's queues live: one Redis, one key prefix per deployment (or test run). */
export interface EngineConfig {
  readonly redisUrl: string;
  readonly prefix: string;
}

/** Every trial of every stage: one queue, so a worker takes a trial only when it has a free thread. */
export const TRIAL_QUEUE = 'trial';
/** Each stage's gather job, the parent of its trials in the flow. */
export const GATHER_QUEUE = 'stage';
export const ENGINE_QUEUES = [TRIAL_QUEUE, GATHER_QUEUE] as const;

export function engineConfigFromEnv(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  return {
    redisUrl: env.REDIS_URL ?? ENGINE_DEFAULTS.redisUrl,
    prefix: env.SWEEPFLOW_PREFIX ?? ENGINE_DEFAULTS.prefix,
  };
}

/**
 * A connection for BullMQ: workers need maxRetriesPerRequest null so a blocked command
 * survives reconnects; retries back off up to 2 s forever, so a dropped link heals itself.
 */
export function redisConnection(config: EngineConfig): Redis {
  return new Redis(config.redisUrl, {
    // Names this process's links (CLIENT LIST) so an operator, or a fault test, can find them.
    connectionName: `sweepflow-${config.prefix}-${process.pid}`,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(100 * 2 ** times, 2000),
    // Starts probing an idle link after 5 s (the probes' interval and count are the kernel's).
    keepAlive: 5000,
    // A link with a command unanswered that long is replaced, its commands resent (see the default).
    // Not commandTimeout: that fails the command (a job's completion, a lock renewal) instead of
    // resending it, and BullMQ's blocking connection duplicates these options.
    socketTimeout: ENGINE_DEFAULTS.redisSocketTimeoutMs,
    connectTimeout: 5000,
  });
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid url>';
  }
}
