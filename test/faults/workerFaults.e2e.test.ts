import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../../src/store/folderStore.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../support/redisPrefix.js';
import { runCli, startWorker, stopProcess } from '../support/sweepflowCli.js';
import { activeJobWithProgress, comparable, waitFor, writeConfig } from './faultStudy.js';

const DATA = resolve('data/movies.csv');

describe('faults survived by real worker processes', { timeout: 300_000 }, () => {
  const prefixes: string[] = [];
  let dir: string;
  let config: string;
  let reference: Record<string, unknown>;
  const children: ChildProcess[] = [];

  /** A fresh deployment: its own queue prefix and store folder. */
  function deployment(name: string) {
    const prefix = uniquePrefix(name);
    prefixes.push(prefix);
    // Short locks: a dead worker's job is found stalled within seconds.
    return { REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: join(dir, name), SWEEPFLOW_LOCK_MS: '3000' };
  }
  function worker(env: NodeJS.ProcessEnv): ChildProcess {
    const child = startWorker({ cwd: dir, env });
    children.push(child);
    return child;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-faults-'));
    config = await writeConfig(dir);
    const env = deployment('reference');
    const run = await runCli(['run', '--data', DATA, '--profile', 'quick', '--config', config, '--workers', '2', '--out', join(dir, 'reference-out')], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    reference = JSON.parse(await readFile(join(dir, 'reference-out', 'results.json'), 'utf8'));
  });
  afterAll(async () => {
    await Promise.all(children.map((c) => stopProcess(c, 'SIGKILL')));
    for (const prefix of prefixes) await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it('recovers an MLP trial whose worker is killed -9 mid-training, with the same results', async () => {
    const env = deployment('kill9');
    const workers = [worker(env), worker(env)];
    const running = runCli(['run', '--data', DATA, '--profile', 'quick', '--config', config, '--workers', '0', '--out', join(dir, 'kill9-out')], { cwd: dir, env });
    const job = await waitFor('an MLP trial in training', () => activeJobWithProgress(env.SWEEPFLOW_PREFIX, 'mlp'));
    const victim = workers.find((w) => job.processedBy!.endsWith(`.${w.pid}`))!;
    expect(victim, `no worker ran ${job.processedBy}`).toBeDefined();
    victim.kill('SIGKILL');
    const run = await running;
    expect(run.code, run.stderr).toBe(0);
    const results = JSON.parse(await readFile(join(dir, 'kill9-out', 'results.json'), 'utf8'));
    expect(comparable(results)).toEqual(comparable(reference));
    expect(victim.signalCode).toBe('SIGKILL');
  });

  it('heals dropped Redis connections of workers and CLI and completes', async () => {
    const env = deployment('drop');
    worker(env);
    worker(env);
    const running = runCli(['run', '--data', DATA, '--profile', 'quick', '--config', config, '--workers', '0', '--out', join(dir, 'drop-out')], { cwd: dir, env });
    await waitFor('an MLP trial in training', () => activeJobWithProgress(env.SWEEPFLOW_PREFIX, 'mlp'));
    const admin = new Redis(REDIS_URL);
    let killed = 0;
    try {
      // Drop every link of this deployment, repeatedly, for three seconds.
      for (let i = 0; i < 10; i++) {
        const clients = (await admin.client('LIST')) as string;
        for (const line of clients.split('\n')) {
          const id = /\bid=(\d+)/.exec(line)?.[1];
          if (id !== undefined && line.includes(`name=sweepflow-${env.SWEEPFLOW_PREFIX}-`)) {
            killed += Number(await admin.client('KILL', 'ID', id));
          }
        }
        await new Promise((r) => setTimeout(r, 300));
      }
    } finally {
      admin.disconnect();
    }
    expect(killed).toBeGreaterThan(0);
    const run = await running;
    expect(run.code, run.stderr).toBe(0);
    const results = JSON.parse(await readFile(join(dir, 'drop-out', 'results.json'), 'utf8'));
    expect(comparable(results)).toEqual(comparable(reference));
  });

  it('resumes a run whose Redis state was flushed from the store cache, recomputing nothing finished', async () => {
    const env = deployment('flush');
    const first = worker(env);
    const running = runCli(['run', '--data', DATA, '--profile', 'quick', '--config', config, '--workers', '0'], { cwd: dir, env });
    await waitFor('an MLP trial in training', () => activeJobWithProgress(env.SWEEPFLOW_PREFIX, 'mlp'));
    // Everything of this deployment in Redis goes: workers, the CLI and all job state.
    first.kill('SIGKILL');
    await deletePrefix(env.SWEEPFLOW_PREFIX);
    const interrupted = await Promise.race([running, new Promise<null>((r) => setTimeout(() => r(null), 1000))]);
    expect(interrupted).toBeNull();
    const { readdir } = await import('node:fs/promises');
    const [runId] = await readdir(join(env.SWEEPFLOW_STORE_DIR, 'runs'));
    // Listed as the store lists them: the killed worker may leave a half-written temporary file, which is no stage output.
    const store = new FolderStore(env.SWEEPFLOW_STORE_DIR);
    const stageOutputs = () => store.list(`runs/${runId}/stages`);
    const settledBefore = await stageOutputs();
    expect(settledBefore.length).toBeGreaterThan(0);

    const resumed = await runCli(['rerun', runId, '--workers', '2', '--out', join(dir, 'flush-out')], { cwd: dir, env });
    expect(resumed.code, resumed.stderr).toBe(0);
    const results = JSON.parse(await readFile(join(dir, 'flush-out', 'results.json'), 'utf8'));
    expect(comparable(results)).toEqual(comparable(reference));
    const stagesAfter = await stageOutputs();
    const manifest = JSON.parse(await readFile(join(env.SWEEPFLOW_STORE_DIR, 'runs', runId, 'manifest.json'), 'utf8'));
    expect(stagesAfter.length).toBe(manifest.dag.stages.length);
    // Stages settled before the flush were kept as they were.
    for (const key of settledBefore) {
      const stage = (await store.getJson<{ failed: unknown[] }>(key))!;
      expect(stage.failed, key).toEqual([]);
    }
    (await running.catch(() => undefined)) ?? undefined;
  });
});
