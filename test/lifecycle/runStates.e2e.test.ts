import { afterEach, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../support/sweepflowCli.js';
import { waitFor } from '../faults/faultStudy.js';
import { deployment, PACED, PLUGIN, POINTS, runIdOf, type Deployment } from './lifecycleFixture.js';

/** The run's trial jobs a worker is computing. */
async function activeTrials(d: Deployment, runId: string) {
  return (await d.trialQueue().getJobs(['active'])).filter((job) => job.id!.startsWith(`${runId}.`));
}

describe('run and trial states through the real CLI and workers', { timeout: 60_000 }, () => {
  let d: Deployment | undefined;
  afterEach(async () => {
    await d?.cleanup();
    d = undefined;
  });

  it('counts trials skipped behind a failed stage as upstream-failed, named by stage, not as failures', async () => {
    d = await deployment('upstream');
    const env = { ...d.env, SWEEPFLOW_FAIL_TRIALS: String.raw`\.poly-fit\.` };
    const run = await runCli(['run', '--study', PLUGIN, '--data', POINTS, '--workers', '1'], { cwd: d.dir, env, timeoutMs: 50_000 });
    expect(run.code, run.stderr).toBe(1);
    const runId = runIdOf(run.stdout);
    expect(run.stderr).toContain(`run ${runId} failed: 6 failed, 1 upstream-failed (not run)`);
    expect(run.stderr).toContain("upstream-failed poly-best: not run: stage 'poly-fit' it needs has no result");
    expect(run.stderr).toContain('failed poly-fit[degree=2]: injected failure');
    expect(run.stderr).not.toContain('{}');
    expect(run.stdout).toMatch(new RegExp(`run ${runId} failed in \\d+s: 0 computed, 0 cached, 6 failed, 1 upstream-failed`));
    const best = (await d.stage(runId, 'poly-best'))!;
    expect(best.failed.map((t) => [t.state, t.upstream])).toEqual([['upstream-failed', 'poly-fit']]);

    const status = await runCli(['status', runId, '--json'], { cwd: d.dir, env: d.env });
    expect(status.code).toBe(1);
    const summary = JSON.parse(status.stdout);
    expect(summary.status).toBe('failed');
    expect(summary.trials).toMatchObject({ total: 7, computed: 0, failed: 6, upstreamFailed: 1, cancelled: 0 });
    const runs = await runCli(['runs', '--json'], { cwd: d.dir, env: d.env });
    expect(runs.code, runs.stderr).toBe(0);
    expect(JSON.parse(runs.stdout)).toMatchObject([{ runId, study: 'polynomial', status: 'failed', failedTrials: 6, upstreamFailedTrials: 1 }]);
  });

  it('refuses usage errors with exit status 2, like every other refusal', async () => {
    d = await deployment('usage');
    for (const args of [['status'], ['run', '--data'], ['runs', '--no-such-option'], ['cancel']]) {
      const result = await runCli(args, { cwd: d.dir, env: d.env });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    const missing = await runCli(['cancel', 'no-such-run'], { cwd: d.dir, env: d.env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^sweepflow: no run 'no-such-run' in /);
  });

  it('cancel removes queued trials and settles the run as cancelled; rerun resumes it', async () => {
    d = await deployment('cancel');
    const running = spawnCli(['run', '--study', PACED, '--data', POINTS, '--workers', '1'], { cwd: d.dir, env: d.env, timeoutMs: 50_000 });
    const runId = await waitFor('the run id', async () => (await d!.store.list('runs/'))[0]?.split('/')[1], 20_000);
    await waitFor('a running trial', async () => ((await activeTrials(d!, runId)).length > 0 ? true : undefined), 20_000);
    const cancel = await runCli(['cancel', runId], { cwd: d.dir, env: d.env });
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toMatch(/cancelled: [1-5] queued trial\(s\) removed, 1 running trial\(s\) abandoned/);
    const run = await running.result;
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`run ${runId} cancelled in \\d+s: \\d computed, 0 cached, 0 failed, \\d cancelled`));
    expect((await d.manifest(runId)).status).toBe('cancelled');
    const paced = (await d.stage(runId, 'pace'))!;
    expect(paced.failed.length).toBeGreaterThan(0);
    expect(paced.failed.every((t) => t.state === 'cancelled')).toBe(true);
    expect((await d.stage(runId, 'pace-total'))!.failed[0].reason).toBe('cancelled before its stage was submitted');
    const queued = await d.trialQueue().getJobs(['waiting', 'prioritized', 'delayed']);
    expect(queued.filter((job) => job.id!.startsWith(`${runId}.`))).toEqual([]);

    const rerun = await runCli(['rerun', runId, '--workers', '2'], { cwd: d.dir, env: d.env, timeoutMs: 50_000 });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect((await d.manifest(runId)).status).toBe('completed');
    expect((await d.stage(runId, 'pace'))!.trials).toHaveLength(6);
  });

  it('cancel --wait lets the running trial finish and keeps its result', async () => {
    d = await deployment('cancelwait');
    const worker = d.worker({}, PACED);
    const running = spawnCli(['run', '--study', PACED, '--data', POINTS, '--workers', '0'], { cwd: d.dir, env: d.env, timeoutMs: 50_000 });
    const runId = await waitFor('the run id', async () => (await d!.store.list('runs/'))[0]?.split('/')[1], 20_000);
    const [active] = await waitFor('a running trial', async () => {
      const jobs = await activeTrials(d!, runId);
      return jobs.length > 0 ? jobs : undefined;
    }, 20_000);
    const cancel = await runCli(['cancel', runId, '--wait'], { cwd: d.dir, env: d.env });
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toContain('1 running trial(s) finished and kept');
    const paced = (await d.stage(runId, 'pace'))!;
    expect(paced.trials.map((t) => t.params.i)).toContain(active.data.params.i);
    expect(paced.failed.every((t) => t.state === 'cancelled')).toBe(true);
    expect((await running.result).code).toBe(1);
    expect(worker.exitCode).toBeNull();
  });

  it('Ctrl-C on run marks the run interrupted (never a running run nothing serves); rerun resumes it', async () => {
    d = await deployment('sigint');
    const running = spawnCli(['run', '--study', PACED, '--data', POINTS, '--workers', '1'], { cwd: d.dir, env: d.env, timeoutMs: 50_000 });
    const runId = await waitFor('the run id', async () => (await d!.store.list('runs/'))[0]?.split('/')[1], 20_000);
    await waitFor('a completed trial', async () => ((await d!.trialQueue().getCompletedCount()) > 0 ? true : undefined), 30_000);
    running.child.kill('SIGINT');
    const run = await running.result;
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toContain(`run ${runId} interrupted`);
    expect((await d.manifest(runId)).status).toBe('interrupted');
    const status = await runCli(['status', runId], { cwd: d.dir, env: d.env });
    expect(status.stdout).toContain(`run ${runId} (paced): interrupted`);

    const rerun = await runCli(['rerun', runId, '--workers', '2'], { cwd: d.dir, env: d.env, timeoutMs: 50_000 });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`run ${runId} completed in`));
    const manifest = await d.manifest(runId);
    expect(manifest.status).toBe('completed');
    expect((await d.stage(runId, 'pace'))!.trials).toHaveLength(6);
  });

  it('rerun gathers again a stage whose stored output was cut short, from its cached trials', async () => {
    d = await deployment('truncated');
    const run = await runCli(['run', '--study', PLUGIN, '--data', POINTS, '--workers', '1'], { cwd: d.dir, env: d.env, timeoutMs: 50_000 });
    expect(run.code, run.stderr).toBe(0);
    const runId = runIdOf(run.stdout);
    const whole = (await d.stage(runId, 'poly-fit'))!;
    const key = `runs/${runId}/stages/poly-fit.json`;
    const bytes = (await d.store.get(key))!;
    // What a non-atomic S3 server keeps of a PUT cut mid-body.
    await d.store.put(key, bytes.subarray(0, bytes.length >> 1));

    const rerun = await runCli(['rerun', runId, '--workers', '1'], { cwd: d.dir, env: d.env, timeoutMs: 50_000 });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(new RegExp(`^sweepflow: stage poly-fit's stored output is unreadable \\(object '${key}' is not valid JSON: .*\\); gathering it again$`, 'm'));
    expect(rerun.stdout).toContain(`run ${runId}: running again poly-fit, poly-best`);
    expect(rerun.stdout).toMatch(new RegExp(`run ${runId} completed in \\d+s: 0 computed, \\d+ cached, 0 failed`));
    expect((await d.stage(runId, 'poly-fit'))!.trials.map((t) => [t.key, t.metrics])).toEqual(whole.trials.map((t) => [t.key, t.metrics]));
  });

  it('shows a running run with no progress and no live worker as stalled', async () => {
    d = await deployment('stalled');
    // Killed -9, the supervising run cannot mark its run interrupted: the run stays running, unserved.
    const running = spawnCli(['run', '--study', PACED, '--data', POINTS, '--workers', '0'], { cwd: d.dir, env: d.env, timeoutMs: 50_000 });
    const runId = await waitFor('the run id', async () => (await d!.store.list('runs/'))[0]?.split('/')[1], 20_000);
    await waitFor('the run to be submitted', async () => ((await d!.trialQueue().getWaitingCount()) + (await d!.trialQueue().getPrioritizedCount()) > 0 ? true : undefined), 20_000);
    running.child.kill('SIGKILL');
    await running.result;
    const env = { ...d.env, SWEEPFLOW_STALLED_MS: '500' };
    await new Promise((resolve) => setTimeout(resolve, 600));
    const status = await runCli(['status', runId, '--json'], { cwd: d.dir, env });
    expect(JSON.parse(status.stdout).status).toBe('stalled');
    const runs = await runCli(['runs'], { cwd: d.dir, env });
    expect(runs.stdout).toContain(`${runId}  paced  stalled`);
    // A live worker serving the prefix means it is not stalled, even before it reports progress.
    d.worker({}, PACED);
    await waitFor('a live worker', async () => ((await d!.trialQueue().getWorkersCount()) > 0 ? true : undefined), 20_000);
    const served = await runCli(['status', runId, '--json'], { cwd: d.dir, env });
    expect(JSON.parse(served.stdout).status).toBe('running');
  });
});
