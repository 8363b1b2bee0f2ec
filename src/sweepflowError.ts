/**
 * The one error model: every failure sweepflow raises on purpose is a SweepflowError whose
 * `retryable` flag says whether trying again can help. Bad input (a table, a config, a job's
 * parameters, a missing study) cannot: a trial fails at once and the CLI exits 2. Anything
 * else thrown (a numeric failure, a store outage) is retried.
 */
export class SweepflowError extends Error {
  override readonly name = 'SweepflowError';
  readonly retryable: boolean;

  constructor(message: string, options: { readonly retryable?: boolean; readonly cause?: unknown } = {}) {
    // One line, always: messages name the file, line and column, never a stack.
    super(message.replace(/\s*\n\s*/g, ' '), { cause: options.cause });
    this.retryable = options.retryable ?? false;
  }
}

/** Whether a failed attempt may succeed if tried again: everything but a non-retryable SweepflowError. */
export function isRetryable(error: unknown): boolean {
  return !(error instanceof SweepflowError) || error.retryable;
}

/** The first line of any thrown value, for one-line reports. */
export function errorLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
