import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MOVIES_CSV } from '../support/quickStudy.js';
import { runCli } from '../support/sweepflowCli.js';
import { deployment, type Deployment } from './lifecycleFixture.js';

describe('the report of a run that failed before compare', { timeout: 120_000 }, () => {
  let d: Deployment | undefined;
  afterEach(async () => {
    await d?.cleanup();
    d = undefined;
  });

  it('renders what completed, a "Not completed" section and the failures; rerun completes it into the original --out', async () => {
    d = await deployment('partial');
    const out = join(d.dir, 'out');
    const env = { ...d.env, SWEEPFLOW_FAIL_TRIALS: String.raw`\.kmeans-pca\.` };
    const run = await runCli(['run', '--data', MOVIES_CSV, '--profile', 'quick', '--workers', '2', '--out', out], { cwd: d.dir, env, timeoutMs: 110_000 });
    expect(run.code, run.stderr).toBe(1);
    const runId = /run (\S+): \d+ trials/.exec(run.stdout)![1];
    expect(run.stderr).toContain(`run ${runId} failed: 1 failed, 1 upstream-failed (not run)`);
    expect(run.stderr).toContain("upstream-failed compare: not run: stage 'kmeans-pca' it needs has no result");

    const report = await runCli(['report', runId, '--out', join(d.dir, 'partial')], { cwd: d.dir, env: d.env });
    expect(report.code, report.stderr).toBe(0);
    const html = await readFile(join(d.dir, 'partial', 'report.html'), 'utf8');
    expect(html).toContain('(partial)');
    expect(html).toContain('<h2>Not completed</h2>');
    expect(html).toMatch(/<td>kmeans-pca<\/td><td>1 of 1 trials without a result<\/td>/);
    expect(html).toMatch(/<td>compare<\/td><td>1 of 1 trials without a result<\/td>/);
    expect(html).toContain('<td>compare</td><td>upstream-failed</td>');
    expect(html).toMatch(/<td>kmeans-pca\[components=3_k=4\]<\/td><td>failed<\/td><td>injected failure for \S+ \(SWEEPFLOW_FAIL_TRIALS\)<\/td>/);
    // What completed is shown: the three OLS summaries, and each completed stage's trial counts.
    expect(html.match(/<div class="ols"/g)).toHaveLength(3);
    expect(html).toMatch(/<td>knn-final<\/td><td>completed<\/td>/);
    // The failed run wrote its partial report itself and exported it to its --out.
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('<h2>Not completed</h2>');
    expect(await readFile(join(out, 'manifest.json'), 'utf8')).toContain(`"out": ${JSON.stringify(out)}`);

    // Rerun without --out writes the completed run to the folder the run was started with.
    const rerun = await runCli(['rerun', runId, '--workers', '2'], { cwd: d.dir, env: d.env, timeoutMs: 110_000 });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`run ${runId} completed in .*; best model: \\w+ \\(valid RMSE \\d\\.\\d{4}\\); files in ${out}`));
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(results.runId).toBe(runId);
    expect(await readFile(join(out, 'report.html'), 'utf8')).not.toContain('(partial)');
  });
});
