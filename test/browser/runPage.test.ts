import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardApp, listenDashboard, type RunningDashboard } from '../../src/dashboard/dashboardApp.js';
import { EngineContext } from '../../src/engine/engineContext.js';
import { trialJobId } from '../../src/engine/jobIds.js';
import { FolderStore } from '../../src/store/folderStore.js';
import type { StudyResults } from '../../studies/movies/report/resultsSchema.js';
import { launchChromium } from '../support/chromium.js';
import { MOVIES_CSV } from '../support/quickStudy.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../support/redisPrefix.js';
import { CLI, stopProcess } from '../support/sweepflowCli.js';

/** One KNN grid cell fails on the first worker (SWEEPFLOW_FAIL_TRIALS); the rerun button finishes the run on a sound one. */
const FAILING = { k: 2, metric: 'manhattan' };

describe('the run page (/runs/<id>) watching a quick movie study from submission to a rerun', () => {
  const prefix = uniquePrefix('runpage');
  let dir: string;
  let storeDir: string;
  let env: NodeJS.ProcessEnv;
  let engine: EngineContext;
  let dashboard: RunningDashboard;
  let browser: Browser;
  let page: Page;
  let submitter: ChildProcess;
  let worker: ChildProcess | undefined;
  let runId: string;
  const problems: string[] = [];

  const startWorker = (extra: NodeJS.ProcessEnv = {}) =>
    spawn(process.execPath, [CLI, 'worker', '--concurrency', '2'], { cwd: dir, env: { ...process.env, ...env, ...extra }, stdio: 'ignore' });
  const rows = (state: string) => page.locator(`#trials tr[data-state="${state}"]`).count();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-runpage-'));
    storeDir = join(dir, 'runs');
    env = { REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: storeDir };
    engine = new EngineContext({ redisUrl: REDIS_URL, prefix }, new FolderStore(storeDir));
    dashboard = await listenDashboard(createDashboardApp({ engine }), '127.0.0.1', 0);
    browser = await launchChromium();
    // Submitted with no workers: every trial waits until the test starts one.
    submitter = spawn(process.execPath, [CLI, 'run', '--data', MOVIES_CSV, '--profile', 'quick', '--workers', '0'], {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    runId = await new Promise<string>((resolve, reject) => {
      let out = '';
      submitter.stdout!.on('data', (chunk) => {
        out += chunk;
        const match = /run (\S+): \d+ trials/.exec(out);
        if (match !== null) resolve(match[1]);
      });
      submitter.once('exit', (code) => reject(new Error(`run exited ${code} before naming its run: ${out}`)));
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
  }, 120_000);

  afterAll(async () => {
    if (worker !== undefined) await stopProcess(worker);
    if (submitter !== undefined) await stopProcess(submitter);
    await browser?.close();
    await dashboard?.close();
    await engine?.close();
    await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it('shows every trial pending, then fills the table live while the run is in progress', async () => {
    await page.goto(`${dashboard.url}/runs/${runId}`);
    await page.waitForSelector('#trials tr');
    const total = await page.locator('#trials tr').count();
    expect(total).toBeGreaterThan(40);
    expect(await rows('pending')).toBe(total);

    worker = startWorker({ SWEEPFLOW_FAIL_TRIALS: `^${trialJobId(runId, 'knn-cell', FAILING).replace(/\./g, '\\.')}$` });
    // No reload: the page polls. Some trials done while the run still runs.
    await page.waitForFunction(
      () => document.body.dataset.status === 'running' && document.querySelectorAll('#trials tr[data-state="completed"]').length >= 12,
      undefined,
      { timeout: 240_000 },
    );
    expect(await page.locator('#trials tr').count()).toBe(total);
    expect(await rows('pending')).toBeGreaterThan(0);
    expect(await page.locator('[data-figure="trial-timeline"].js-plotly-plot').count()).toBe(1);
    await page.screenshot({ path: '/tmp/runpage-progress.png', fullPage: true });
  }, 300_000);

  it('shows the failed trial with its one-line error once the run has failed', async () => {
    await page.waitForSelector('body[data-status="failed"]', { timeout: 300_000 });
    const jobId = trialJobId(runId, 'knn-cell', FAILING);
    const error = `injected failure for ${jobId} (SWEEPFLOW_FAIL_TRIALS)`;
    expect(await page.locator(`#failures li[data-job="${jobId}"] code`).textContent()).toBe(error);
    expect(await page.locator(`#trials tr[data-job="${jobId}"] td[data-key="error"]`).textContent()).toBe(error);
    expect(await page.locator(`#trials tr[data-job="${jobId}"]`).getAttribute('data-state')).toBe('failed');
    expect(await page.locator(`#trials tr[data-job="${jobId}"] td[data-key="job"] a`).getAttribute('href')).toBe(`../queues/queue/trial/${encodeURIComponent(jobId)}`);
    expect(await page.locator('tr[data-stage="knn-cell"] td.state-failed').textContent()).toBe('failed');
    // Settled over all, and the one failure, of the stage's 12 cells.
    expect(await page.locator('tr[data-stage="knn-cell"] td.num').allTextContents()).toEqual(['11/12', '1']);
    expect(await page.locator('#rerun').isVisible()).toBe(true);
    await page.screenshot({ path: '/tmp/runpage-failed.png', fullPage: true });
  }, 300_000);

  it('sorts the trials by a metric column both ways, trials without it last', async () => {
    await page.selectOption('#stage-filter', 'knn-cell');
    const header = page.locator('#trials-head th[data-key="metric:cvRmse.uniform"]');
    const column = async () =>
      (await page.locator('#trials td[data-key="metric:cvRmse.uniform"]').allTextContents()).map((t) => (t === '' ? null : Number(t)));
    await header.click();
    const ascending = await column();
    expect(ascending.length).toBe(12);
    expect(ascending.at(-1)).toBeNull();
    const scored = ascending.slice(0, -1) as number[];
    expect(scored).toEqual([...scored].sort((a, b) => a - b));
    await header.click();
    expect(await header.getAttribute('data-dir')).toBe('desc');
    expect(await column()).toEqual([...[...scored].reverse(), null]);
    await page.fill('#text-filter', 'manhattan');
    expect(await page.locator('#trials tr').count()).toBe(6);
    await page.fill('#text-filter', '');
    await page.selectOption('#stage-filter', '');
  });

  it('finishes the run with the rerun button, without a reload', async () => {
    await stopProcess(worker!);
    worker = startWorker();
    await page.click('#rerun');
    await page.waitForSelector('body[data-status="completed"]', { timeout: 300_000 });
    expect(await rows('failed')).toBe(0);
    expect(await page.locator('#failures-section').isHidden()).toBe(true);
    expect(await page.locator('#files a').allTextContents()).toEqual(['report.html', 'results.json']);
    await page.screenshot({ path: '/tmp/runpage-completed.png', fullPage: true });
  }, 320_000);

  it("draws the KNN grid's heatmap with the CV RMSE results.json holds for each cell", async () => {
    const results = JSON.parse(await readFile(join(storeDir, 'runs', runId, 'results.json'), 'utf8')) as StudyResults;
    const figure = page.locator('[data-figure="sweep-knn-cell-grid"]');
    await figure.scrollIntoViewIfNeeded();
    expect(await figure.locator('.hm image').count()).toBeGreaterThan(0);
    const drawn = await figure.evaluate((element) => {
      const [trace] = (element as unknown as { data: { x: string[]; y: string[]; z: (number | null)[][] }[] }).data;
      return { x: trace.x, y: trace.y, z: trace.z };
    });
    expect(drawn.x).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(drawn.y).toHaveLength(4);
    expect(results.knn.grid).toHaveLength(24);
    for (const cell of results.knn.grid) {
      const row = drawn.y.indexOf(`metric=${cell.metric} · variant=${cell.weights}`);
      expect(drawn.z[row][drawn.x.indexOf(String(cell.k))], `${cell.metric} ${cell.weights} k=${cell.k}`).toBe(cell.cvRmse);
    }
    await figure.screenshot({ path: '/tmp/runpage-heatmap.png' });
    expect(problems).toEqual([]);
  });

  it('lists the run with its study, duration and best model, linking to the run page', async () => {
    const list = await browser.newPage();
    await list.goto(`${dashboard.url}/`);
    const row = list.locator(`tr[data-run="${runId}"]`);
    const best = (await row.locator('td.best').textContent()) ?? '';
    const results = JSON.parse(await readFile(join(storeDir, 'runs', runId, 'results.json'), 'utf8')) as StudyResults;
    const winner = results.comparison.models.find((m) => m.model === results.comparison.best)!;
    expect(best).toBe(`compare ${winner.model}: validRmse.${winner.model} = ${Number(winner.validRmse.toPrecision(6))}`);
    expect(await row.locator('td').nth(1).textContent()).toBe('movies');
    await row.getByRole('link', { name: runId }).click();
    await list.waitForSelector('body[data-status="completed"]');
    await list.close();
  });

  it('has no rerun button and refuses a rerun with --read-only; refuses a form post', async () => {
    const readOnly = await listenDashboard(createDashboardApp({ engine, readOnly: true }), '127.0.0.1', 0);
    try {
      const html = await (await fetch(`${readOnly.url}/runs/${runId}`)).text();
      expect(html).not.toContain('id="rerun"');
      const post = await fetch(`${readOnly.url}/api/runs/${runId}/rerun`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      expect(post.status).toBe(403);
    } finally {
      await readOnly.close();
    }
    const form = await fetch(`${dashboard.url}/api/runs/${runId}/rerun`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'x=1' });
    expect(form.status).toBe(415);
    expect((await fetch(`${dashboard.url}/runs/no-such-run`)).status).toBe(404);
    expect((await fetch(`${dashboard.url}/api/runs/..`)).status).toBe(404);
  });
});
