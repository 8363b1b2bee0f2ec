import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIAL_QUEUE } from '../../src/engine/engineConfig.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../support/redisPrefix.js';
import { runCli, startWorker, stopProcess } from '../support/sweepflowCli.js';

/** More attempts than any bad job deserves: a job retried despite being hopeless shows in attemptsMade. */
const ATTEMPTS = 3;
const digest = () => randomBytes(32).toString('hex');
const wellFormed = { runId: 'no-such-run', study: 'movies', stage: 'preprocess', kind: 'preprocess', params: {}, key: digest(), upstream: {}, force: false };

interface BadJob {
  readonly name: string;
  readonly data: unknown;
  readonly reason: RegExp;
}

const BAD_JOBS: readonly BadJob[] = [
  {
    name: 'traversing run id',
    data: { ...wellFormed, runId: '../x' },
    reason: /^invalid trial payload: runId must be letters, digits, '\.', '_' or '-'$/,
  },
  {
    name: 'non-hex key',
    data: { ...wellFormed, key: '../../cache/not-a-digest' },
    reason: /^invalid trial payload: key must be a sha256 hex digest$/,
  },
  {
    name: 'missing fields',
    data: { runId: 'r1' },
    reason: /^invalid trial payload: study .*; stage .*; kind .*; params .*; key .*; force .*$/,
  },
  { name: 'run without manifest', data: wellFormed, reason: /^run 'no-such-run' has no manifest in folder \/.+$/ },
  {
    name: 'study not installed',
    data: { ...wellFormed, study: 'nope' },
    reason: /^study 'nope' is not installed on this worker \(it serves: movies, table\); start workers with --study <module>$/,
  },
  {
    name: 'params its kind refuses',
    data: { ...wellFormed, kind: 'ols', stage: 'ols', params: { design: '../../etc' } },
    reason: /^job kind 'ols': invalid params: design: Invalid string: must match pattern \/\^\[a-z\]\+\$\/$/,
  },
];

/** Waits until the job has failed or completed for good. */
async function settled(queue: Queue, id: string, timeoutMs = 60_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await queue.getJobState(id);
    if (state === 'failed' || state === 'completed') return (await queue.getJob(id))!;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${state} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

describe('a worker given malicious jobs', () => {
  const prefix = uniquePrefix('badjobs');
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let worker: ChildProcess;
  let connection: Redis;
  let queue: Queue;
  const failed = new Map<string, Job>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-badjobs-'));
    env = { REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: join(dir, 'store') };
    worker = startWorker({ cwd: dir, env });
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(TRIAL_QUEUE, { connection, prefix });
    const added = await Promise.all(
      BAD_JOBS.map((bad, i) =>
        queue.add('preprocess', bad.data, { jobId: `bad-${i}`, attempts: ATTEMPTS, backoff: { type: 'fixed', delay: 200 } }),
      ),
    );
    for (const [i, job] of added.entries()) failed.set(BAD_JOBS[i].name, await settled(queue, job.id!));
  });

  afterAll(async () => {
    await queue?.close();
    connection?.disconnect();
    if (worker !== undefined) await stopProcess(worker, 'SIGKILL');
    await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it.each(BAD_JOBS.filter((b) => b.name !== 'run without manifest').map((b) => [b.name, b] as const))(
    'fails the %s job at once with a clear reason',
    (name, bad) => {
      const job = failed.get(name)!;
      expect(job.finishedOn, 'finished').toBeGreaterThan(0);
      expect(job.returnvalue ?? null).toBeNull();
      expect(job.failedReason).toMatch(bad.reason);
      expect(job.attemptsMade).toBe(1);
    },
  );

  it('fails the job of a run without manifest with a clear reason', () => {
    const job = failed.get('run without manifest')!;
    expect(job.failedReason).toMatch(BAD_JOBS[3].reason);
  });

  // No retry can bring a manifest back: the job fails on its first attempt (TrialInputError).
  it('fails the job of a run without manifest without retrying it', () => {
    expect(failed.get('run without manifest')!.attemptsMade).toBe(1);
  });

  it('is still alive, and alone completes a real quick run afterwards', async () => {
    expect(worker.exitCode).toBeNull();
    expect(worker.signalCode).toBeNull();
    const run = await runCli(['run', '--data', resolve('data/movies.csv'), '--profile', 'quick', '--workers', '0'], {
      cwd: dir,
      env,
      timeoutMs: 600_000,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^run \S+ completed in /m);
    expect(worker.exitCode).toBeNull();
  }, 600_000);
});
