import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../support/redisPrefix.js';
import { CLI, runCli } from '../support/sweepflowCli.js';
import { MOVIES_CSV } from '../support/quickStudy.js';
import { freePort as closedPort } from '../../src/cli/redisEndpoint.js';

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `sweepflow worker`: its first stdout line and its exit, separately. */
function spawnWorker(env: NodeJS.ProcessEnv, cwd: string): { child: ChildProcess; exit: Promise<Exit>; line: Promise<string> } {
  const child = spawn(process.execPath, [CLI, 'worker', '--concurrency', '1'], { cwd, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  let sawLine: (line: string) => void = () => undefined;
  const line = new Promise<string>((resolve) => (sawLine = resolve));
  child.stdout!.on('data', (chunk) => {
    stdout += chunk;
    if (stdout.includes('\n')) sawLine(stdout.split('\n')[0]);
  });
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exit = new Promise<Exit>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, exit, line };
}

/** The exit, or an error if the process is still running after `ms` (then it is killed): the bound under test. */
function exitWithin(worker: { child: ChildProcess; exit: Promise<Exit> }, ms: number): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      worker.child.kill('SIGKILL');
      reject(new Error(`worker still running ${ms} ms after it was told to stop`));
    }, ms);
    void worker.exit.then((exit) => {
      clearTimeout(timer);
      resolve(exit);
    });
  });
}

describe('misconfiguration is refused at start, in one line', () => {
  let dir: string;
  const prefix = uniquePrefix('misconf');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-misconf-'));
  });
  afterAll(async () => {
    await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['DASHBOARD_USER', 'DASHBOARD_PASSWORD'],
    ['DASHBOARD_PASSWORD', 'DASHBOARD_USER'],
  ])('a dashboard with only %s set exits 2 naming %s', async (set, unset) => {
    const result = await runCli(['dashboard', '--port', '0'], {
      cwd: dir,
      env: { REDIS_URL, SWEEPFLOW_PREFIX: prefix, [set]: 'x', [unset]: '' },
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`sweepflow: ${set} is set but ${unset} is not: set both for basic auth, or neither`);
    expect(result.stdout).not.toMatch(/dashboard on/);
  });

  it('a worker whose Redis does not answer exits 2 with one line once its wait is over', async () => {
    const port = await closedPort();
    const worker = spawnWorker({ REDIS_URL: `redis://127.0.0.1:${port}`, SWEEPFLOW_REDIS_WAIT_MS: '2000', SWEEPFLOW_PREFIX: prefix }, dir);
    const exit = await exitWithin(worker, 20_000);
    expect(exit.code).toBe(2);
    expect(exit.stderr.trim()).toBe(`sweepflow: Redis at redis://127.0.0.1:${port} did not answer within 2 s: start it, or fix REDIS_URL`);
  });

  it('a worker still waiting for Redis stops on SIGTERM', async () => {
    const port = await closedPort();
    const worker = spawnWorker({ REDIS_URL: `redis://127.0.0.1:${port}`, SWEEPFLOW_PREFIX: prefix }, dir);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(worker.child.exitCode, 'still waiting (its wait is 30 s)').toBeNull();
    worker.child.kill('SIGTERM');
    const exit = await exitWithin(worker, 10_000);
    expect(exit.code).toBe(0);
    expect(exit.stdout).toMatch(/^worker \d+: SIGTERM, finishing running trials$/m);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('an idle worker stops on %s', async (signal) => {
    const worker = spawnWorker({ REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: join(dir, 'store') }, dir);
    expect(await worker.line).toMatch(/^worker \d+: 1 slot\(s\)/);
    worker.child.kill(signal);
    const exit = await exitWithin(worker, 15_000);
    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain(`${signal}, finishing running trials`);
  });
});

/** `ip netns` needs root and iproute2; a namespace of its own has nothing on 127.0.0.1:6379. */
function netnsUnavailable(): string | undefined {
  const probe = `sfprobe-${randomBytes(3).toString('hex')}`;
  const added = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (added.status !== 0) return `ip netns add failed: ${(added.stderr || added.error?.message || '').trim()}`;
  spawnSync('ip', ['netns', 'del', probe]);
  if (spawnSync('redis-server', ['--version']).status !== 0) return 'no redis-server on PATH';
  return undefined;
}

const skipReason = netnsUnavailable();
if (skipReason !== undefined) console.warn(`[misconfiguration] skipping the embedded-Redis test: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('run --workers 0 with the private embedded Redis', () => {
  const ns = `sf-misconf-${randomBytes(3).toString('hex')}`;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-embedded-'));
    for (const args of [['netns', 'add', ns], ['-n', ns, 'link', 'set', 'lo', 'up']]) {
      const result = spawnSync('ip', args, { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr}`);
    }
  });
  afterAll(async () => {
    spawnSync('ip', ['netns', 'del', ns]);
    await rm(dir, { recursive: true, force: true });
  });

  it('is refused with a line telling to set REDIS_URL (exit 2), queuing nothing', () => {
    // Inside its own namespace nothing answers on 127.0.0.1:6379, so `run` starts its private Redis.
    const { REDIS_URL: _unset, ...env } = process.env;
    const result = spawnSync(
      'ip',
      ['netns', 'exec', ns, process.execPath, CLI, 'run', '--data', MOVIES_CSV, '--profile', 'quick', '--workers', '0'],
      { cwd: dir, env: { ...env, SWEEPFLOW_STORE_DIR: join(dir, 'runs') }, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      'sweepflow: --workers 0 needs a Redis other hosts can reach: set REDIS_URL (no Redis answers at 127.0.0.1:6379)',
    );
    expect(spawnSync('ls', [join(dir, 'runs', 'runs')]).status, 'no run was stored').not.toBe(0);
  });
});
