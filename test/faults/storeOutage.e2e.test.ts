import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIAL_QUEUE } from '../../src/engine/engineConfig.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../support/redisPrefix.js';
import { CLI, runCli, type CliResult } from '../support/sweepflowCli.js';
import { S3RVER_CREDENTIALS, startS3rver, type LocalS3rver } from '../support/s3Server.js';
import { startTcpOutage, type TcpOutage } from '../support/tcpOutage.js';
import { activeJobWithProgress, comparable, waitFor, writeConfig } from './faultStudy.js';

const DATA = resolve('data/movies.csv');

describe('the S3 endpoint going down during a run (s3rver in-process, behind a relay the test cuts)', { timeout: 300_000 }, () => {
  const prefixes: string[] = [];
  let dir: string;
  let config: string;
  let server: LocalS3rver;
  let link: TcpOutage;
  let endpoint: string;
  let reference: Record<string, unknown>;

  function deployment(name: string, extra: NodeJS.ProcessEnv = {}) {
    const prefix = uniquePrefix(name);
    prefixes.push(prefix);
    return {
      REDIS_URL,
      SWEEPFLOW_PREFIX: prefix,
      S3_ENDPOINT: endpoint,
      S3_ACCESS_KEY: S3RVER_CREDENTIALS.accessKey,
      S3_SECRET_KEY: S3RVER_CREDENTIALS.secretKey,
      S3_BUCKET: `outage-${name}`,
      ...extra,
    };
  }

  /** Takes the endpoint down for `ms` (links reset, port closed), then brings it back. */
  async function outage(ms: number): Promise<void> {
    await link.cut();
    await new Promise((r) => setTimeout(r, ms));
    await link.restore();
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-outage-'));
    config = await writeConfig(dir);
    server = await startS3rver({ directory: join(dir, 's3') });
    link = await startTcpOutage(server.port);
    endpoint = `http://127.0.0.1:${link.port}`;
    const run = await runCli(['run', '--data', DATA, '--profile', 'quick', '--config', config, '--workers', '2', '--out', join(dir, 'reference')], {
      cwd: dir,
      env: deployment('reference'),
    });
    expect(run.code, run.stderr).toBe(0);
    reference = JSON.parse(await readFile(join(dir, 'reference', 'results.json'), 'utf8'));
  });
  afterAll(async () => {
    await link.close();
    await server.close();
    for (const prefix of prefixes) await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it('waits out a short outage: writes retry with backoff and the run completes unchanged', async () => {
    const env = deployment('short');
    const running = runCli(['run', '--data', DATA, '--profile', 'quick', '--config', config, '--workers', '2', '--out', join(dir, 'short')], { cwd: dir, env });
    await waitFor('an MLP trial in training', () => activeJobWithProgress(env.SWEEPFLOW_PREFIX, 'mlp'));
    await outage(4000);
    const run = await running;
    expect(run.code, run.stderr).toBe(0);
    const results = JSON.parse(await readFile(join(dir, 'short', 'results.json'), 'utf8'));
    expect(comparable(results)).toEqual(comparable(reference));
  });

  it('fails trials with a clear error when it stays down, and rerun finishes the run later', async () => {
    const env = deployment('long', { S3_RETRY_BUDGET_MS: '1500' });
    const child = spawn(process.execPath, [CLI, 'run', '--data', DATA, '--profile', 'quick', '--config', config, '--workers', '2'], {
      cwd: dir,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const exited = new Promise<CliResult>((r) => child.on('exit', (code) => r({ code, stdout, stderr })));
    await waitFor('an MLP trial in training', () => activeJobWithProgress(env.SWEEPFLOW_PREFIX, 'mlp'));
    await link.cut();

    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(TRIAL_QUEUE, { connection, prefix: env.SWEEPFLOW_PREFIX });
    const failed = await waitFor('an MLP trial failed for good', async () => (await queue.getJobs(['failed'])).find((job) => job.name === 'mlp'));
    await queue.close();
    connection.disconnect();
    expect(failed.failedReason).toMatch(new RegExp(`^s3 ${endpoint} bucket outage-long: \\w+ '[^']+' failed after \\d+ attempts`));
    expect(failed.failedReason).not.toContain(S3RVER_CREDENTIALS.secretKey + ' ');

    // The CLI waits for the store rather than dying; interrupted, it leaves the run resumable.
    await waitFor('the CLI to notice', async () => (/waiting: s3 /.test(stderr) ? true : undefined));
    child.kill('SIGINT');
    const interrupted = await exited;
    expect(interrupted.code).toBe(130);
    const runId = /^run (\S+):/m.exec(interrupted.stdout)![1];
    expect(interrupted.stderr).toContain(`sweepflow rerun ${runId}`);

    await link.restore();
    const rerun = await runCli(['rerun', runId, '--workers', '2', '--out', join(dir, 'long')], { cwd: dir, env });
    expect(rerun.code, rerun.stderr).toBe(0);
    const results = JSON.parse(await readFile(join(dir, 'long', 'results.json'), 'utf8'));
    expect(comparable(results)).toEqual(comparable(reference));
  });
});
