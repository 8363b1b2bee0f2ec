import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_DEFAULTS } from '../../src/engine/engineDefaults.js';
import { runKeys } from '../../src/engine/runLayout.js';
import type { RunComparison } from '../../src/engine/runComparison.js';
import type { TrialRow } from '../../src/engine/trialTable.js';
import type { TrialRecord } from '../../src/engine/trialRecord.js';
import { FolderStore } from '../../src/store/folderStore.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../support/redisPrefix.js';
import { runCli } from '../support/sweepflowCli.js';

const PLUGIN = resolve('examples/polynomial.study.js');
const POINTS = resolve('examples/points.csv');
const runIdOf = (stdout: string) => /run (\S+): \d+ trials/.exec(stdout)![1];

describe('trial metrics, `sweepflow trials` and `sweepflow compare` (polynomial plug-in, real workers)', () => {
  const prefix = uniquePrefix('trials');
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let store: FolderStore;
  let runA: string;
  let runB: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-trials-'));
    env = { REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: join(dir, 'store') };
    store = new FolderStore(join(dir, 'store'));
    await writeFile(join(dir, 'narrow.json'), JSON.stringify({ degrees: [1, 2] }));
    const a = await runCli(['run', '--study', PLUGIN, '--data', POINTS, '--workers', '1'], { cwd: dir, env });
    expect(a.code, a.stderr).toBe(0);
    runA = runIdOf(a.stdout);
    // Degree 2 fails on purpose (SWEEPFLOW_FAIL_TRIALS): the table must show its error.
    const b = await runCli(['run', '--study', PLUGIN, '--data', POINTS, '--config', 'narrow.json', '--workers', '1'], {
      cwd: dir,
      env: { ...env, SWEEPFLOW_FAIL_TRIALS: 'poly-fit\\.degree=2$' },
    });
    expect(b.code).toBe(1);
    runB = runIdOf(b.stdout);
  });
  afterAll(async () => {
    await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it('records each trial as it settles, with its metrics, worker and times, and the whole table when the run ends', async () => {
    const keys = await store.list(`runs/${runA}/trials/`);
    expect(keys).toHaveLength(7);
    const record = (await store.getJson<TrialRecord>(runKeys.trial(runA, `${runA}.poly-fit.degree=2`)))!;
    expect(runKeys.trial(runA, `${runA}.poly-fit.degree=2`)).toMatch(new RegExp(`^runs/${runA}/trials/${runA}\\.poly-fit\\.degree-2\\.[0-9a-f]{8}\\.json$`));
    expect(record).toMatchObject({ stage: 'poly-fit', kind: 'poly-fit', state: 'completed', attempts: 1 });
    expect(record.metrics.validRmse).toBeGreaterThan(0);
    expect(record.worker).toMatch(/\.\d+$/);
    expect(Date.parse(record.finished)).toBeGreaterThanOrEqual(Date.parse(record.started));
    const table = (await store.getJson<TrialRow[]>(`runs/${runA}/trials.json`))!;
    expect(table.map((r) => r.state)).toEqual(Array(7).fill('completed'));
  });

  it('prints the table as JSON and as CSV, the failed trial with its one-line error', async () => {
    const json = await runCli(['trials', runB, '--format', 'json'], { cwd: dir, env });
    expect(json.code, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout) as TrialRow[];
    expect(rows.map((r) => [r.stage, r.params, r.state])).toEqual([
      // Run A computed degree 1 already: its content key is the same, so B reads it from the cache.
      ['poly-fit', { degree: 1 }, 'cached'],
      ['poly-fit', { degree: 2 }, 'failed'],
      ['poly-best', {}, 'completed'],
    ]);
    expect(rows[1].error).toBe(`injected failure for ${runB}.poly-fit.degree=2 (SWEEPFLOW_FAIL_TRIALS)`);
    expect(rows[1].attempts).toBe(ENGINE_DEFAULTS.trialAttempts);

    const csv = await runCli(['trials', runB], { cwd: dir, env });
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('jobId,stage,kind,state,param.degree,metric.trainRmse,metric.validRmse,metric.degree,started,finished,ms,cached,worker,attempts,error');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`,poly-fit,poly-fit,cached,1,${rows[0].metrics.trainRmse},${rows[0].metrics.validRmse},,`);
    expect(lines[2]).toMatch(/,failed,2,,,,.*,injected failure for .* \(SWEEPFLOW_FAIL_TRIALS\)$/);

    const bad = await runCli(['trials', runB, '--format', 'xml'], { cwd: dir, env });
    expect([bad.code, bad.stderr.trim()]).toEqual([2, "sweepflow: --format 'xml': use csv or json"]);
  });

  it('compares two runs: the config that differs and each headline metric side by side', async () => {
    const result = await runCli(['compare', runA, runB, '--json'], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(0);
    const comparison = JSON.parse(result.stdout) as RunComparison;
    expect(comparison.config).toEqual([{ path: 'degrees', a: [0, 1, 2, 3, 4, 5], b: [1, 2] }]);
    const rows = await Promise.all([runA, runB].map(async (id) => JSON.parse((await runCli(['trials', id, '--format', 'json'], { cwd: dir, env })).stdout) as TrialRow[]));
    const bestA = Math.min(...rows[0].filter((r) => r.stage === 'poly-fit').map((r) => r.metrics.validRmse));
    const degree1 = rows[1][0].metrics.validRmse;
    expect(comparison.metrics.find((m) => m.name === 'poly-fit best validRmse')).toEqual({ name: 'poly-fit best validRmse', a: bestA, b: degree1, delta: degree1 - bestA });
    expect(comparison.runs.map((r) => r.status)).toEqual(['completed', 'failed']);
    expect(comparison.runs[0].best).toBe(`poly-fit degree=2: validRmse = ${Number(bestA.toPrecision(6))}`);

    const text = await runCli(['compare', runA, runB], { cwd: dir, env });
    expect(text.stdout).toMatch(/config differences:\n\s+degrees\s+\[0,1,2,3,4,5\]\s+\[1,2\]/);
    expect(text.stdout).toMatch(/poly-fit best validRmse\s+\S+\s+\S+\s+\S+/);
  });
});
