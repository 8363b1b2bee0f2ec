import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATHER_QUEUE, TRIAL_QUEUE } from '../../src/engine/engineConfig.js';
import { stageJobId } from '../../src/engine/jobIds.js';
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

  /** `sweepflow run` as a child process that the test interrupts. */
  function startRun(env: NodeJS.ProcessEnv) {
    const child = spawn(process.execPath, [CLI, 'run', '--data', DATA, '--profile', 'quick', '--config', config, '--workers', '2'], {
      cwd: dir,
      env: { ...process.env, ...env },
    });
    const output = { stdout: '', stderr: '' };
    child.stdout.on('data', (c) => (output.stdout += c));
    child.stderr.on('data', (c) => (output.stderr += c));
    const exited = new Promise<CliResult>((r) => child.on('exit', (code) => r({ code, ...output })));
    return { child, output, exited };
  }

  it('reruns a run whose stage settled just before the outage and whose gather then failed moving the run on', async () => {
    const env = deployment('settled', { S3_RETRY_BUDGET_MS: '1500' });
    // The outage begins the moment knn-table's output is written: its gather then fails for good in advanceRun.
    const cut = link.cutAfter(/^PUT \S*\/stages\/knn-table\.json/);
    const { child, output, exited } = startRun(env);
    await cut;
    const runId = await waitFor('the run id', async () => /^run (\S+):/m.exec(output.stdout)?.[1]);
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const gathers = new Queue(GATHER_QUEUE, { connection, prefix: env.SWEEPFLOW_PREFIX });
    await waitFor('knn-table\'s gather failed for good', async () =>
      (await gathers.getJobState(stageJobId(runId, 'knn-table'))) === 'failed' ? true : undefined,
    );
    await gathers.close();
    connection.disconnect();
    child.kill('SIGINT');
    expect((await exited).code).toBe(130);

    await link.restore();
    const rerun = await runCli(['rerun', runId, '--workers', '2', '--out', join(dir, 'settled')], { cwd: dir, env });
    expect(rerun.code, rerun.stderr).toBe(0);
    const results = JSON.parse(await readFile(join(dir, 'settled', 'results.json'), 'utf8'));
    expect(comparable(results)).toEqual(comparable(reference));
  });

  it('fails trials with a clear error when it stays down, and rerun finishes the run later', async () => {
    const env = deployment('long', { S3_RETRY_BUDGET_MS: '1500' });
    const { child, output, exited } = startRun(env);
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
    await waitFor('the CLI to notice', async () => (/waiting: s3 /.test(output.stderr) ? true : undefined));
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
