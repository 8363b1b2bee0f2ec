import { afterEach, describe, expect, it } from 'vitest';
import { runPageData } from '../../src/dashboard/runPageData.js';
import { EngineContext } from '../../src/engine/engineContext.js';
import { stageJobId, trialJobId } from '../../src/engine/jobIds.js';
import { runProgress } from '../../src/engine/runProgress.js';
import { runCli, spawnCli, stopProcess } from '../support/sweepflowCli.js';
import { waitFor } from '../faults/faultStudy.js';
import { deployment, POINTS, runIdOf, SLOW_DEPENDENTS, type Deployment } from './lifecycleFixture.js';

const SCALES = [1, 2];
/** Σ (i + 1)² over the four source trials: what `spread` reads when none is missing. */
const SOURCE_SUM = 1 + 4 + 9 + 16;

describe('a failed trial retried while the stage that reads it is being computed', { timeout: 120_000 }, () => {
  let d: Deployment | undefined;
  let engine: EngineContext | undefined;
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
    await d?.cleanup();
    d = undefined;
  });

  it('recomputes that stage from the new input; the stale trials finish into the cache and are not gathered', async () => {
    d = await deployment('midstage');
    // Two workers fail source i=2 for good and then take spread's two slow trials.
    const failing = [0, 1].map(() => d!.worker({ SWEEPFLOW_FAIL_TRIALS: String.raw`\.source\.i=2$` }, SLOW_DEPENDENTS));
    const running = spawnCli(['run', '--study', SLOW_DEPENDENTS, '--data', POINTS, '--workers', '0'], { cwd: d.dir, env: d.env, timeoutMs: 100_000 });
    const runId = await waitFor('the run id', async () => (await d!.store.list('runs/'))[0]?.split('/')[1], 20_000);
    const staleIds = SCALES.map((scale) => trialJobId(runId, 'spread', { scale }));
    const trials = d.trialQueue();
    const states = () => Promise.all(staleIds.map((id) => trials.getJobState(id)));
    await waitFor("spread's trials computing", async () => ((await states()).every((s) => s === 'active') ? true : undefined), 30_000);
    const retried = (await trials.getJob(trialJobId(runId, 'source', { i: 2 })))!;
    expect(await retried.getState()).toBe('failed');

    // A sound worker comes, then bull-board's Retry (job.retry('failed')) while spread's trials still run.
    d.worker({}, SLOW_DEPENDENTS);
    await waitFor('the third worker', async () => ((await trials.getWorkersCount()) === 3 ? true : undefined), 20_000);
    expect(await states()).toEqual(['active', 'active']);
    await retried.retry('failed');

    const run = await running.result;
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(runIdOf(run.stdout)).toBe(runId);
    expect((await d.manifest(runId)).status).toBe('completed');

    // The stale trials were still being computed when the retried one settled; they finish, and so does their gather.
    await waitFor('the stale trials and their gather to finish', async () => {
      const gather = await d!.stageQueue().getJobState(stageJobId(runId, 'spread'));
      return (await states()).every((s) => s === 'completed') && gather === 'completed' ? true : undefined;
    }, 30_000);
    const settledAt = (await trials.getJob(retried.id!))!.finishedOn!;
    for (const id of staleIds) expect((await trials.getJob(id))!.finishedOn!).toBeGreaterThan(settledAt);
    // The stale gather gathered nothing; the stage's next generation (ids ending in ~1) did.
    expect((await d.stageQueue().getJob(stageJobId(runId, 'spread')))!.returnvalue).toEqual({ trials: 0, cached: 0, failed: 0 });
    expect((await d.stageQueue().getJob(stageJobId(runId, 'spread', 1)))!.returnvalue).toEqual({ trials: 2, cached: 0, failed: 0 });

    // spread and summary come from all four source trials, also after the stale gather ran.
    expect((await d.stage(runId, 'source'))!.failed).toEqual([]);
    const spread = (await d.stage(runId, 'spread'))!;
    expect(spread.failed).toEqual([]);
    const spreadResults = await Promise.all(spread.trials.map(async (t) => (await d!.store.getJson<{ read: number; total: number }>(`cache/${t.key}.json`))!));
    expect(spreadResults.map((r) => [r.read, r.total])).toEqual(SCALES.map((scale) => [4, scale * SOURCE_SUM]));
    const summary = (await d.stage(runId, 'summary'))!;
    expect((await d.store.getJson<{ sum: number }>(`cache/${summary.trials[0].key}.json`))!.sum).toBe(3 * SOURCE_SUM);

    const table = await runCli(['trials', runId, '--format', 'json'], { cwd: d.dir, env: d.env });
    expect(table.code, table.stderr).toBe(0);
    const rows = JSON.parse(table.stdout) as { jobId: string; state: string }[];
    expect(rows.map((r) => r.jobId)).toEqual([
      ...[0, 1, 2, 3].map((i) => trialJobId(runId, 'source', { i })),
      ...SCALES.map((scale) => trialJobId(runId, 'spread', { scale }, 1)),
      trialJobId(runId, 'summary', {}, 1),
    ]);
    expect(rows.filter((r) => r.state !== 'completed' && r.state !== 'cached')).toEqual([]);
    // The progress and the run page read the same generations: every stage done, linked to its current gather job.
    engine = new EngineContext({ redisUrl: d.env.REDIS_URL!, prefix: d.env.SWEEPFLOW_PREFIX! }, d.store);
    expect((await runProgress(engine, runId)).stages.map((s) => [s.stage, s.state, s.computed + s.cached])).toEqual([
      ['source', 'done', 4],
      ['spread', 'done', 2],
      ['summary', 'done', 1],
    ]);
    const page = await runPageData(engine, runId);
    expect(page.stages.map((s) => s.gatherJobId)).toEqual([stageJobId(runId, 'source'), stageJobId(runId, 'spread', 1), stageJobId(runId, 'summary', 1)]);
    expect(page.trials.map((t) => t.jobId)).toEqual(rows.map((r) => r.jobId));

    // A run where nothing failed: the same content keys, stage by stage.
    await Promise.all(failing.map((worker) => stopProcess(worker)));
    const clean = await runCli(['run', '--study', SLOW_DEPENDENTS, '--data', POINTS, '--workers', '0'], { cwd: d.dir, env: d.env, timeoutMs: 60_000 });
    expect(clean.code, clean.stderr).toBe(0);
    const cleanId = runIdOf(clean.stdout);
    for (const stage of ['source', 'spread', 'summary']) {
      const keys = async (id: string) => (await d!.stage(id, stage))!.trials.map((t) => t.key);
      expect(await keys(runId), stage).toEqual(await keys(cleanId));
    }
  });
});
