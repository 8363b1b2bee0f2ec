import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIAL_QUEUE } from '../../src/engine/engineConfig.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../support/redisPrefix.js';
import { MOVIES_CSV } from '../support/quickStudy.js';
import { CLI, startWorker, stopProcess } from '../support/sweepflowCli.js';

/** Waits for `pattern` in what the child wrote to stderr (bounded). */
function stderrMatch(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} on stderr in ${timeoutMs} ms:\n${text}`)), timeoutMs);
    child.stderr!.on('data', (chunk) => {
      text += chunk;
      const match = pattern.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
  });
}

describe('a worker whose store does not hold the run', () => {
  const prefix = uniquePrefix('wrongstore');
  let dir: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-wrongstore-'));
  });
  afterAll(async () => {
    await Promise.all(children.map((child) => stopProcess(child, 'SIGKILL')));
    await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it('releases its jobs with one line, fails none, and the run completes once a right worker serves', async () => {
    const runStore = join(dir, 'run-store');
    const run = spawn(process.execPath, [CLI, 'run', '--data', MOVIES_CSV, '--profile', 'quick', '--workers', '0'], {
      cwd: dir,
      env: { ...process.env, REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: runStore },
    });
    children.push(run);
    let runOut = '';
    run.stdout!.on('data', (chunk) => (runOut += chunk));
    const runExit = new Promise<number | null>((resolve) => run.on('exit', resolve));

    const wrong = spawn(process.execPath, [CLI, 'worker', '--concurrency', '1'], {
      cwd: dir,
      env: { ...process.env, REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: join(dir, 'other-store') },
    });
    children.push(wrong);
    const line = await stderrMatch(wrong, /worker \S+: run '([^']+)' is in store [0-9a-f]{32}, not in this worker's folder \S+ \(no runs\): releasing its jobs to other workers; start this worker with the run's S3_\*\/SWEEPFLOW_STORE_DIR settings\n/, 60_000);
    const runId = /run '([^']+)'/.exec(line)![1];
    const identity = JSON.parse(await readFile(join(runStore, 'sweepflow-store.json'), 'utf8')) as { id: string };
    expect(line).toContain(`is in store ${identity.id},`);
    const manifest = JSON.parse(await readFile(join(runStore, 'runs', runId, 'manifest.json'), 'utf8'));
    expect(manifest.store.id).toBe(identity.id);

    // Only the wrong worker serves for a while: nothing may fail, no attempt may be spent.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(TRIAL_QUEUE, { connection, prefix });
    try {
      expect(await queue.getFailedCount()).toBe(0);
      const waiting = [...(await queue.getDelayed()), ...(await queue.getWaiting())];
      expect(waiting.length, 'released jobs wait for a worker').toBeGreaterThan(0);
      for (const job of waiting) expect(job.attemptsMade).toBe(0);

      children.push(startWorker({ cwd: dir, env: { REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: runStore } }));
      expect(await runExit, runOut).toBe(0);
      expect(await queue.getFailedCount()).toBe(0);
    } finally {
      await queue.close();
      connection.disconnect();
    }
    expect(wrong.exitCode, 'the wrong worker is still alive').toBeNull();
  }, 180_000);
});
