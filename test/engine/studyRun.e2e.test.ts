import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../../src/store/folderStore.js';
import { S3Store } from '../../src/store/s3Store.js';
import { startS3Server, type S3TestServer } from '../support/s3Server.js';
import type { ObjectStore } from '../../src/store/objectStore.js';
import type { RunManifest, StageOutput } from '../../src/engine/runManifest.js';
import { resultsSchema } from '../../studies/movies/report/resultsSchema.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../support/redisPrefix.js';
import { runCli } from '../support/sweepflowCli.js';

const DATA = resolve('data/movies.csv');

/** The run id printed by `sweepflow run`. */
function runIdOf(stdout: string): string {
  const match = /^run (\S+): \d+ trials/m.exec(stdout);
  if (match === null) throw new Error(`no run id in output:\n${stdout}`);
  return match[1];
}

export async function stageOutputs(store: ObjectStore, runId: string): Promise<StageOutput[]> {
  const manifest = (await store.getJson<RunManifest>(`runs/${runId}/manifest.json`))!;
  return Promise.all(manifest.dag.stages.map(async (s) => (await store.getJson<StageOutput>(`runs/${runId}/stages/${s.name}.json`))!));
}

describe('a quick study end to end with the folder store', () => {
  const prefix = uniquePrefix('folder');
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let store: ObjectStore;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-e2e-'));
    env = { REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: join(dir, 'store') };
    store = new FolderStore(join(dir, 'store'));
  });
  afterAll(async () => {
    await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  let firstRun: string;

  it('runs to completion and writes results.json in the contract shape', async () => {
    const run = await runCli(['run', '--data', DATA, '--profile', 'quick', '--workers', '2', '--out', join(dir, 'out')], { cwd: dir, env });
    expect(run.stderr).not.toMatch(/failed/);
    expect(run.code).toBe(0);
    firstRun = runIdOf(run.stdout);
    const results = resultsSchema.parse(JSON.parse(await readFile(join(dir, 'out', 'results.json'), 'utf8')));
    expect(results.runId).toBe(firstRun);
    expect(results.dataset).toMatchObject({ rows: 9053, rowsBudgetPositive: 9053, rowsNumeric: 9017, rowsCategorical: 8900 });
    expect(results.knn.grid).toHaveLength(6 * 2 * 2);
    expect(results.ols.full.coefficients).toHaveLength(41);
    expect(results.comparison.models.map((m) => m.model)).toEqual(['knn', 'mlp', 'ols_numeric']);
    for (const name of ['scaler', 'knn', 'mlp', 'ols', 'pca', 'kmeans']) {
      expect(await store.exists(`runs/${firstRun}/models/${name}.json`), name).toBe(true);
    }
  });

  it('recomputes nothing on a second identical run', async () => {
    const run = await runCli(['run', '--data', DATA, '--profile', 'quick', '--workers', '1'], { cwd: dir, env });
    expect(run.code).toBe(0);
    const second = runIdOf(run.stdout);
    expect(second).not.toBe(firstRun);
    const outputs = await stageOutputs(store, second);
    const computed = outputs.flatMap((o) => o.trials.filter((t) => !t.cached).map(() => o.stage));
    // compare writes the run's own files, so it alone runs again.
    expect(computed).toEqual(['compare']);
    const first = await store.getJson<{ knn: unknown }>(`runs/${firstRun}/results.json`);
    const again = await store.getJson<{ knn: unknown }>(`runs/${second}/results.json`);
    expect(again!.knn).toEqual(first!.knn);
  });
});

describe('a failed trial and rerun', () => {
  const prefix = uniquePrefix('rerun');
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let store: ObjectStore;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-rerun-'));
    env = { REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: join(dir, 'store') };
    store = new FolderStore(join(dir, 'store'));
  });
  afterAll(async () => {
    await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it('names the failed job, exits non-zero, and rerun finishes the run recomputing only what failed', async () => {
    const failing = await runCli(['run', '--data', DATA, '--profile', 'quick', '--workers', '2'], {
      cwd: dir,
      env: { ...env, SWEEPFLOW_FAIL_TRIALS: '\\.mlp\\.alpha=0\\.001_hidden=16_' },
    });
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/failed mlp\[alpha=0\.001_hidden=16_role=grid\]: injected failure/);
    expect(failing.stderr).toContain(': 1 failed');
    const runId = runIdOf(failing.stdout);
    expect((await store.getJson<RunManifest>(`runs/${runId}/manifest.json`))!.status).toBe('failed');

    const status = await runCli(['status', runId], { cwd: dir, env });
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/mlp\s+failed\s+2\/3 done \(2 computed, 0 cached\), 1 failed/);

    const rerun = await runCli(['rerun', runId, '--workers', '2'], { cwd: dir, env });
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/running again mlp, mlp-final, compare/);
    const mlp = (await store.getJson<StageOutput>(`runs/${runId}/stages/mlp.json`))!;
    expect(mlp.failed).toEqual([]);
    expect(mlp.trials.filter((t) => !t.cached).map((t) => t.params)).toEqual([{ hidden: [16], alpha: 0.001, role: 'grid' }]);
    resultsSchema.parse(await store.getJson(`runs/${runId}/results.json`));
  });

  it('recomputes one stage and its dependents with --stage, nothing else', async () => {
    const runs = await store.list('runs/');
    const runId = runs[0].split('/')[1];
    const before = (await store.getJson<StageOutput>(`runs/${runId}/stages/knn-table.json`))!;
    const rerun = await runCli(['rerun', runId, '--stage', 'kmeans', '--workers', '2'], { cwd: dir, env });
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/running again kmeans, kmeans-pca, compare/);
    const kmeans = (await store.getJson<StageOutput>(`runs/${runId}/stages/kmeans.json`))!;
    expect(kmeans.trials.every((t) => !t.cached)).toBe(true);
    expect(await store.getJson<StageOutput>(`runs/${runId}/stages/knn-table.json`)).toEqual(before);
  });

  it('refuses an unknown stage and a malicious run id with one line', async () => {
    const unknown = await runCli(['rerun', 'no-such-run', '--stage', 'x', '--workers', '0'], { cwd: dir, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    const evil = await runCli(['status', '../x'], { cwd: dir, env });
    expect(evil.code).toBe(2);
    expect(evil.stderr).toMatch(/invalid run id '\.\.\/x'/);
  });
});

describe('a quick study end to end with the S3 store', () => {
  const prefix = uniquePrefix('s3');
  let dir: string;
  let server: S3TestServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-s3-'));
    server = await startS3Server();
  });
  afterAll(async () => {
    await deletePrefix(prefix);
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it(`stores the run in the bucket`, async () => {
    const env = {
      REDIS_URL,
      SWEEPFLOW_PREFIX: prefix,
      S3_ENDPOINT: server.endpoint,
      S3_ACCESS_KEY: server.accessKey,
      S3_SECRET_KEY: server.secretKey,
      S3_BUCKET: server.bucket,
    };
    const run = await runCli(['run', '--data', DATA, '--profile', 'quick', '--workers', '2', '--out', join(dir, 'out')], { cwd: dir, env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`store s3 ${server.endpoint} bucket ${server.bucket}`);
    expect(run.stdout).not.toContain(server.secretKey);
    const runId = runIdOf(run.stdout);
    const bucket = new S3Store({ endpoint: server.endpoint, accessKey: server.accessKey, secretKey: server.secretKey, bucket: server.bucket });
    const results = resultsSchema.parse(await bucket.getJson(`runs/${runId}/results.json`));
    expect(results.dataset.rowsNumeric).toBe(9017);
    expect(await bucket.exists(`runs/${runId}/models/mlp.json`)).toBe(true);
    expect((await bucket.list('cache/')).length).toBeGreaterThan(30);
    // Nothing of the run was written to a local folder.
    expect(existsSync(join(dir, 'runs'))).toBe(false);
    console.log(`S3 end-to-end test ran against ${server.kind} at ${server.endpoint}`);
  });
});
