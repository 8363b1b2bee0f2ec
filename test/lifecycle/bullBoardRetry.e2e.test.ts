import { afterEach, describe, expect, it } from 'vitest';
import { runCli, stopProcess } from '../support/sweepflowCli.js';
import { waitFor } from '../faults/faultStudy.js';
import { deployment, PLUGIN, POINTS, runIdOf, type Deployment } from './lifecycleFixture.js';

describe("a failed trial retried with bull-board's Retry (BullMQ job.retry())", { timeout: 60_000 }, () => {
  let d: Deployment | undefined;
  afterEach(async () => {
    await d?.cleanup();
    d = undefined;
  });

  it('finishes the failed run: the stage takes the result, its dependents run, the run completes', async () => {
    d = await deployment('bbretry');
    const failing = d.worker({ SWEEPFLOW_FAIL_TRIALS: String.raw`\.poly-fit\.degree=2$` });
    const run = await runCli(['run', '--study', PLUGIN, '--data', POINTS, '--workers', '0'], { cwd: d.dir, env: d.env, timeoutMs: 50_000 });
    expect(run.code, run.stderr).toBe(1);
    const runId = runIdOf(run.stdout);
    expect((await d.manifest(runId)).status).toBe('failed');
    const bestBefore = (await d.stage(runId, 'poly-best'))!;
    expect(bestBefore.trials).toHaveLength(1);
    await stopProcess(failing);

    // What bull-board's Retry button does: job.retry('failed') on the failed job.
    d.worker();
    const job = (await d.trialQueue().getJob(`${runId}.poly-fit.degree=2`))!;
    expect(await job.getState()).toBe('failed');
    await job.retry('failed');

    const settled = await waitFor('the run to complete', async () => {
      const manifest = await d!.manifest(runId);
      return manifest.status === 'completed' ? manifest : undefined;
    }, 40_000);
    expect(settled.finished).toBeDefined();
    const fits = (await d.stage(runId, 'poly-fit'))!;
    expect(fits.failed).toEqual([]);
    expect(fits.trials.map((t) => t.params.degree)).toEqual([0, 1, 2, 3, 4, 5]);
    // poly-best ran again on all six fits: degree 2, absent before, wins the noisy quadratic.
    const best = (await d.stage(runId, 'poly-best'))!;
    const winner = (await d.store.getJson<{ degree: number }>(`cache/${best.trials[0].key}.json`))!;
    expect(winner.degree).toBe(2);
    const status = await runCli(['status', runId], { cwd: d.dir, env: d.env });
    expect(status.code, status.stdout).toBe(0);
    expect(status.stdout).toContain('completed');
  });
});
