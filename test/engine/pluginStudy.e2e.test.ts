import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
// The package's own entry point, compiled, as a program using sweepflow imports it.
import { runStudy } from 'sweepflow';
import type { RunManifest, StageOutput } from '../../src/engine/runManifest.js';
import { FolderStore } from '../../src/store/folderStore.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../support/redisPrefix.js';
import { runCli, startWorker, stopProcess } from '../support/sweepflowCli.js';

const PLUGIN = resolve('examples/polynomial.study.js');
const POINTS = resolve('examples/points.csv');
const MOVIES = resolve('data/movies.csv');

/** The example's table is a noisy quadratic: degree 2 must win the sweep. */
async function bestFit(store: FolderStore, runId: string): Promise<{ degree: number; validRmse: number }> {
  const stage = (await store.getJson<StageOutput>(`runs/${runId}/stages/poly-best.json`))!;
  return (await store.getJson<{ degree: number; validRmse: number }>(`cache/${stage.trials[0].key}.json`))!;
}

const runIdOf = (stdout: string) => /run (\S+): \d+ trials/.exec(stdout)![1];

describe('a plug-in study (examples/polynomial.study.js) beside the built-in one', () => {
  const prefix = uniquePrefix('plugin');
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let store: FolderStore;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-plugin-'));
    env = { REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: join(dir, 'store') };
    store = new FolderStore(join(dir, 'store'));
  });
  afterEach(async () => {
    if (worker !== undefined) await stopProcess(worker);
    worker = undefined;
  });
  afterAll(async () => {
    await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it('runs through the CLI with --study ./file.js on the workers run starts', async () => {
    const run = await runCli(['run', '--study', PLUGIN, '--data', POINTS, '--workers', '1'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    const runId = runIdOf(run.stdout);
    const manifest = (await store.getJson<RunManifest>(`runs/${runId}/manifest.json`))!;
    expect(manifest.study).toBe('polynomial');
    expect(manifest.studyModule).toMatch(/^file:.*\/examples\/polynomial\.study\.js$/);
    expect(manifest.dag.stages.map((s) => s.name)).toEqual(['poly-fit', 'poly-best']);
    expect((await bestFit(store, runId)).degree).toBe(2);
  });

  it('is served, with the movie study, by one worker started with --study', async () => {
    worker = startWorker({ cwd: dir, env, args: ['--study', PLUGIN] });
    const plugin = await runCli(['run', '--study', PLUGIN, '--data', POINTS, '--profile', 'quick', '--workers', '0'], { cwd: dir, env });
    expect(plugin.code, plugin.stderr).toBe(0);
    expect((await bestFit(store, runIdOf(plugin.stdout))).degree).toBe(2);
    const movies = await runCli(['run', '--data', MOVIES, '--profile', 'quick', '--workers', '0'], { cwd: dir, env, timeoutMs: 300_000 });
    expect(movies.code, movies.stderr).toBe(0);
  });

  it('fails at once, naming the study, on a worker that does not have it', async () => {
    worker = startWorker({ cwd: dir, env });
    const run = await runCli(['run', '--study', PLUGIN, '--data', POINTS, '--workers', '0'], { cwd: dir, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("study 'polynomial' is not installed on this worker (it serves: movies, table); start workers with --study <module>");
  });

  it('runs through the library API (runStudy) to the same best degree', async () => {
    const { runId, manifest } = await runStudy({ study: PLUGIN, data: POINTS, workers: 1, env });
    expect(manifest.status).toBe('completed');
    expect(await bestFit(store, runId)).toEqual(await bestFit(store, manifest.runId));
    expect((await bestFit(store, runId)).degree).toBe(2);
  });

  it('refuses bad input to the API before anything is queued, in one line', async () => {
    await expect(runStudy({ study: PLUGIN, data: MOVIES, workers: 0, env })).rejects.toThrow(`${MOVIES}: missing column 'x'`);
    await expect(runStudy({ study: PLUGIN, data: POINTS, config: { degrees: [] }, workers: 0, env })).rejects.toThrow(
      'profile default: invalid study config: degrees: Too small: expected array to have >=1 items',
    );
  });
});
