import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processors } from '../../workers/registry.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../support/redisPrefix.js';
import { runCli, startWorker, stopProcess } from '../support/sweepflowCli.js';
import type { ChildProcess } from 'node:child_process';

describe('separate `sweepflow worker` processes', () => {
  const prefix = uniquePrefix('workers');
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let workers: ChildProcess[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-workers-'));
    env = { REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: join(dir, 'store') };
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => stopProcess(w, 'SIGKILL')));
    await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it('share one run and both do work', async () => {
    workers = [startWorker({ cwd: dir, env }), startWorker({ cwd: dir, env })];
    const run = await runCli(['run', '--data', resolve('data/movies.csv'), '--profile', 'quick', '--workers', '0'], { cwd: dir, env });
    expect(run.code).toBe(0);
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    try {
      const processedBy = new Map<string, number>();
      for (const kind of Object.keys(processors)) {
        const queue = new Queue(kind, { connection, prefix });
        for (const job of await queue.getJobs(['completed'])) {
          if (job.processedBy) processedBy.set(job.processedBy, (processedBy.get(job.processedBy) ?? 0) + 1);
        }
        await queue.close();
      }
      const pids = workers.map((w) => String(w.pid));
      const byWorker = pids.map((pid) => [...processedBy].filter(([name]) => name.endsWith(`.${pid}`)).reduce((n, [, c]) => n + c, 0));
      expect(byWorker.every((n) => n > 0), `jobs per worker: ${byWorker.join(', ')}`).toBe(true);
    } finally {
      connection.disconnect();
    }
    // SIGTERM lets them finish and exit cleanly.
    await Promise.all(workers.map((w) => stopProcess(w)));
    expect(workers.map((w) => w.exitCode)).toEqual([0, 0]);
  });
});
