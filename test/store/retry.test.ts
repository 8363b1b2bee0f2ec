import { describe, expect, it } from 'vitest';
import { checkRetryPolicy, RetryFailure, retryTransient } from '../../src/store/retry.js';

const QUICK = { budgetMs: 5_000, initialDelayMs: 1, maxDelayMs: 4 };

class Flaky extends Error {
  constructor(readonly transient: boolean) {
    super(transient ? 'flaky' : 'broken');
  }
}
const isTransient = (error: unknown) => error instanceof Flaky && error.transient;

describe('retryTransient', () => {
  it('retries transient failures until the operation succeeds', async () => {
    let calls = 0;
    const result = await retryTransient(
      async () => {
        calls++;
        if (calls < 4) throw new Flaky(true);
        return 'done';
      },
      isTransient,
      QUICK,
    );
    expect(result).toBe('done');
    expect(calls).toBe(4);
  });

  it('gives up at once on a permanent failure', async () => {
    let calls = 0;
    const failure = await retryTransient(
      async () => {
        calls++;
        throw new Flaky(false);
      },
      isTransient,
      QUICK,
    ).catch((error: unknown) => error);
    expect(calls).toBe(1);
    expect(failure).toBeInstanceOf(RetryFailure);
    expect(failure).toMatchObject({ transient: false, attempts: 1 });
    expect((failure as RetryFailure).cause).toBeInstanceOf(Flaky);
  });

  it('stops when the budget is spent, reporting the attempts', async () => {
    let calls = 0;
    const failure = (await retryTransient(
      async () => {
        calls++;
        throw new Flaky(true);
      },
      isTransient,
      { budgetMs: 60, initialDelayMs: 5, maxDelayMs: 10 },
    ).catch((error: unknown) => error)) as RetryFailure;
    expect(failure).toBeInstanceOf(RetryFailure);
    expect(failure.transient).toBe(true);
    expect(failure.attempts).toBe(calls);
    expect(calls).toBeGreaterThan(2);
  });

  it('makes exactly one attempt with a zero budget', async () => {
    let calls = 0;
    await expect(
      retryTransient(
        async () => {
          calls++;
          throw new Flaky(true);
        },
        isTransient,
        { ...QUICK, budgetMs: 0 },
      ),
    ).rejects.toBeInstanceOf(RetryFailure);
    expect(calls).toBe(1);
  });
});

describe('checkRetryPolicy', () => {
  it('rejects nonsense with one line each', () => {
    expect(() => checkRetryPolicy({ ...QUICK, budgetMs: -1 })).toThrow('invalid retry budget -1 ms: must be 0 or more');
    expect(() => checkRetryPolicy({ ...QUICK, initialDelayMs: 0 })).toThrow(
      'invalid initial retry delay 0 ms: must be more than 0',
    );
    expect(() => checkRetryPolicy({ ...QUICK, maxDelayMs: 0.5 })).toThrow(
      'invalid maximum retry delay 0.5 ms: must be at least the initial delay 1 ms',
    );
    expect(() => checkRetryPolicy({ ...QUICK, budgetMs: Number.NaN })).toThrow('invalid retry budget NaN ms');
  });
});
