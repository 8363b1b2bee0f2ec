import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIAL_QUEUE } from '../../src/engine/engineConfig.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../support/redisPrefix.js';
import { CLI, runCli, startWorker, stopProcess } from '../support/sweepflowCli.js';
import { spawn, type ChildProcess } from 'node:child_process';

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
      const queue = new Queue(TRIAL_QUEUE, { connection, prefix });
      for (const job of await queue.getJobs(['completed'])) {
        if (job.processedBy) processedBy.set(job.processedBy, (processedBy.get(job.processedBy) ?? 0) + 1);
      }
      await queue.close();
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

describe('workers started by `sweepflow run`', () => {
  const prefix = uniquePrefix('orphans');
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-orphans-'));
  });
  afterAll(async () => {
    await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it('do not outlive the run when it is killed -9', async () => {
    const env = { ...process.env, REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: join(dir, 'store') };
    const cli = spawn(process.execPath, [CLI, 'run', '--data', resolve('data/movies.csv'), '--profile', 'quick', '--workers', '2'], { cwd: dir, env });
    let stdout = '';
    cli.stdout.on('data', (chunk) => (stdout += chunk));
    const admin = new Redis(REDIS_URL);
    try {
      // Redis names every link of a sweepflow process after its prefix and pid.
      const linkedPids = async () => {
        const clients = (await admin.client('LIST')) as string;
        return new Set([...clients.matchAll(new RegExp(`name=sweepflow-${prefix}-(\\d+)`, 'g'))].map((m) => m[1]));
      };
      const deadline = Date.now() + 60_000;
      while ((await linkedPids()).size < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const before = await linkedPids();
      expect(before.size, stdout).toBe(3);
      cli.kill('SIGKILL');
      const gone = Date.now() + 30_000;
      while ((await linkedPids()).size > 0 && Date.now() < gone) await new Promise((r) => setTimeout(r, 200));
      const left = [...(await linkedPids())];
      const { execSync } = await import('node:child_process');
      const ps = left.length === 0 ? '' : execSync(`ps -o pid,ppid,etime,args -p ${left.join(',')} || true`).toString();
      expect(left, ps).toEqual([]);
    } finally {
      admin.disconnect();
      cli.kill('SIGKILL');
    }
  });
});
