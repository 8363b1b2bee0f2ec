import { setTimeout as sleep } from 'node:timers/promises';

/** How long to keep retrying an operation that fails transiently. */
export interface RetryPolicy {
  /** Time allowed for all attempts and waits together; 0 means one attempt. */
  readonly budgetMs: number;
  /** Wait after the first failure; each later wait doubles. */
  readonly initialDelayMs: number;
  /** Longest single wait. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { budgetMs: 30_000, initialDelayMs: 200, maxDelayMs: 5_000 };

/** The last error of an operation that gave up, with how hard it tried. */
export class RetryFailure extends Error {
  override readonly name = 'RetryFailure';
  constructor(
    override readonly cause: unknown,
    /** False when the error was permanent and not retried. */
    readonly transient: boolean,
    readonly attempts: number,
    readonly elapsedMs: number,
  ) {
    super(`failed after ${attempts} attempt(s) in ${elapsedMs} ms`);
  }
}

export function checkRetryPolicy(policy: RetryPolicy): RetryPolicy {
  const { budgetMs, initialDelayMs, maxDelayMs } = policy;
  if (!(budgetMs >= 0)) throw new Error(`invalid retry budget ${budgetMs} ms: must be 0 or more`);
  if (!(initialDelayMs > 0)) throw new Error(`invalid initial retry delay ${initialDelayMs} ms: must be more than 0`);
  if (!(maxDelayMs >= initialDelayMs)) {
    throw new Error(`invalid maximum retry delay ${maxDelayMs} ms: must be at least the initial delay ${initialDelayMs} ms`);
  }
  return policy;
}

/**
 * Runs `attempt` until it succeeds, fails permanently, or the budget is spent,
 * waiting with capped exponential backoff between tries. The last wait is cut to
 * the budget's end so one attempt always lands at the deadline.
 * Only idempotent operations belong here: an attempt may have taken effect before it failed.
 * Throws a RetryFailure carrying the last error.
 */
export async function retryTransient<T>(
  attempt: () => Promise<T>,
  isTransient: (error: unknown) => boolean,
  policy: RetryPolicy,
): Promise<T> {
  checkRetryPolicy(policy);
  const started = Date.now();
  let delay = policy.initialDelayMs;
  for (let attempts = 1; ; attempts++) {
    try {
      return await attempt();
    } catch (error) {
      const transient = isTransient(error);
      const remaining = started + policy.budgetMs - Date.now();
      if (!transient || remaining <= 0) {
        throw new RetryFailure(error, transient, attempts, Date.now() - started);
      }
      // Jitter spreads the retries of workers that lost the server at the same moment.
      const jittered = Math.min(delay * (0.8 + 0.4 * Math.random()), policy.maxDelayMs);
      await sleep(Math.min(jittered, remaining));
      delay = Math.min(delay * 2, policy.maxDelayMs);
    }
  }
}
