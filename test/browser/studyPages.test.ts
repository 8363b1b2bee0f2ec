import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardApp, listenDashboard, type RunningDashboard } from '../../src/dashboard/dashboardApp.js';
import { ENGINE_QUEUES, TRIAL_QUEUE } from '../../src/engine/engineConfig.js';
import { EngineContext } from '../../src/engine/engineContext.js';
import type { RunManifest } from '../../src/engine/runManifest.js';
import type { StudyResults } from '../../studies/movies/report/resultsSchema.js';
import { FolderStore } from '../../src/store/folderStore.js';
import { launchChromium } from '../support/chromium.js';
import { measureReportLoad } from '../support/reportLoad.js';
import { runQuickStudy, type QuickStudy } from '../support/quickStudy.js';
import { REDIS_URL } from '../support/redisPrefix.js';
import { runCli, type CliResult } from '../support/sweepflowCli.js';

/** The figures the report promises: the notebook's, the two grids and the comparison. */
const EXPECTED_FIGURES = [
  'knn-validation-curve',
  'knn-explain-correlations',
  'knn-explain-importance',
  'knn-correlations',
  'knn-importance',
  'knn-grid',
  'knn-tuned-curve',
  'kmeans-base-projection',
  'kmeans-base-profiles',
  'kmeans-base-box',
  'kmeans-inertia',
  'kmeans-silhouette',
  'kmeans-tuned-projection',
  'kmeans-tuned-profiles',
  'kmeans-tuned-box',
  'pca-scree',
  'pca-cumulative',
  'pca-loadings',
  'pca-projection-vote',
  'pca-3d-vote',
  'pca-3d-tuned',
  'kmeans-pcs-projection',
  'kmeans-pcs-3d',
  'mlp-baseline-loss',
  'mlp-baseline-importance',
  'mlp-grid',
  'mlp-final-loss',
  'mlp-importance',
  'comparison-rmse',
];
const WEBGL_FIGURES = EXPECTED_FIGURES.filter((name) => /projection|3d/.test(name));

let study: QuickStudy;
let engine: EngineContext;
let dashboard: RunningDashboard;
let browser: Browser;
let reportRun: CliResult;
let manifest: RunManifest;

beforeAll(async () => {
  study = await runQuickStudy('pages');
  reportRun = await runCli(['report', study.runId, '--out', join(study.dir, 'out')], { cwd: study.dir, env: study.env });
  manifest = JSON.parse(await readFile(join(study.storeDir, 'runs', study.runId, 'manifest.json'), 'utf8')) as RunManifest;
  engine = new EngineContext({ redisUrl: REDIS_URL, prefix: study.prefix }, new FolderStore(study.storeDir));
  dashboard = await listenDashboard(createDashboardApp({ engine }), '127.0.0.1', 0);
  browser = await launchChromium();
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  await engine?.close();
  await study?.cleanup();
});

describe('sweepflow report', () => {
  it('writes report.html into the store and into --out', async () => {
    expect(reportRun.code, reportRun.stderr).toBe(0);
    const stored = await readFile(join(study.storeDir, 'runs', study.runId, 'report.html'), 'utf8');
    expect(await readFile(join(study.dir, 'out', 'report.html'), 'utf8')).toBe(stored);
    expect(stored).toContain(`run ${study.runId}`);
  });

  it('renders every figure offline, with no console error and no failed request', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const url = `${dashboard.url}/runs/${study.runId}/report.html`;
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    page.on('request', (request) => requests.push(request.url()));

    const load = await measureReportLoad(page, url);
    const bytes = (await readFile(join(study.storeDir, 'runs', study.runId, 'report.html'))).length;
    // A figure to read, not a timed assertion: the machine is shared.
    console.log(`report.html: ${(bytes / 1e6).toFixed(2)} MB, first paint at ${load.firstPaintMs} ms, opened (figures in view drawn) in ${load.openedMs} ms, all ${load.figures} figures drawn (scrolled through) in ${load.allDrawnMs} ms`);

    expect(problems).toEqual([]);
    // Self-contained: the page itself is the only thing fetched over the network.
    expect(requests.filter((r) => !r.startsWith('data:'))).toEqual([url]);
    const figures = await page.locator('.figure').count();
    expect(await page.locator('.js-plotly-plot').count()).toBe(figures);
    expect(figures).toBeGreaterThanOrEqual(EXPECTED_FIGURES.length);
    const names = await page.locator('.figure').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-figure')));
    expect(names).toEqual(expect.arrayContaining(EXPECTED_FIGURES));
    expect(await page.getAttribute('body', 'data-rendered')).toBe(String(figures));
    for (const name of WEBGL_FIGURES) {
      expect(await page.locator(`[data-figure="${name}"] canvas`).count(), name).toBeGreaterThan(0);
    }

    const results = JSON.parse(await readFile(join(study.storeDir, 'runs', study.runId, 'results.json'), 'utf8')) as StudyResults;
    expect(await page.locator('.best-model strong').textContent()).toBe(results.comparison.best);
    expect(await page.locator('.ols').count()).toBe(3);
    expect(await page.locator('.failed-none').textContent()).toBe('none');
    expect(await page.locator('pre.config').textContent()).toContain('"testSize": 0.25');

    await page.screenshot({ path: '/tmp/report.png', fullPage: true });
    await page.close();
  }, 400_000);
});

describe('sweepflow dashboard', () => {
  it("lists the run as completed with its trials and links to its files", async () => {
    const page = await browser.newPage();
    await page.goto(`${dashboard.url}/`);
    const row = page.locator(`tr[data-run="${study.runId}"]`);
    expect(await row.getAttribute('data-status')).toBe('completed');
    const total = manifest.dag.stages.reduce((n, s) => n + s.trials.length, 0);
    expect(await row.locator('td.num').textContent()).toBe(`${total}/${total}`);
    await row.getByRole('link', { name: 'results.json' }).click();
    expect(JSON.parse((await page.locator('body').textContent()) ?? '')).toMatchObject({ runId: study.runId });
    await page.close();
  });

  it("shows the engine's queues in bull-board, trials named by job kind", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${dashboard.url}/queues/`);
    const seen = (names: readonly string[]) => names.every((name) => document.body.innerText.includes(name));
    await page.waitForFunction(seen, [...ENGINE_QUEUES], { timeout: 60_000 });
    // The study's last trial, compare, is the newest completed job of the trial queue.
    await page.goto(`${dashboard.url}/queues/queue/${TRIAL_QUEUE}?status=completed`);
    await page.waitForFunction(seen, ['compare'], { timeout: 60_000 });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('serves only report.html and results.json of valid run ids', async () => {
    expect((await fetch(`${dashboard.url}/runs/${study.runId}/manifest.json`)).status).toBe(404);
    expect((await fetch(`${dashboard.url}/runs/no-such-run/report.html`)).status).toBe(404);
    expect((await fetch(`${dashboard.url}/runs/%2E%2E/report.html`)).status).toBe(404);
  });

  it('marks every queue read-only with --read-only, and trims large job data', async () => {
    await engine.queue('probe').add('big', { table: 'x'.repeat(10_000), rows: Array.from({ length: 500 }, (_, i) => i) });
    const queueNames = [...ENGINE_QUEUES, 'probe'];
    for (const readOnly of [true, false]) {
      const app = await listenDashboard(createDashboardApp({ engine, readOnly, queueNames }), '127.0.0.1', 0);
      try {
        const response = await fetch(`${app.url}/queues/api/queues?activeQueue=probe&status=waiting&page=1&jobsPerPage=10`);
        expect(response.status).toBe(200);
        const body = (await response.json()) as { queues: { name: string; readOnlyMode: boolean; jobs: { data: any }[] }[] };
        expect(body.queues.map((q) => q.name).sort()).toEqual([...queueNames].sort());
        expect(body.queues.every((q) => q.readOnlyMode === readOnly)).toBe(true);
        const [job] = body.queues.find((q) => q.name === 'probe')!.jobs;
        expect(job.data.table.length).toBeLessThan(300);
        expect(job.data.table).toContain('10000 characters');
        expect(job.data.rows).toHaveLength(21);
      } finally {
        await app.close();
      }
    }
  });

  it('asks for basic authentication on every route when credentials are set', async () => {
    const credentials = { user: 'analyst', password: 's3cret:with-colon' };
    const app = await listenDashboard(createDashboardApp({ engine, credentials }), '127.0.0.1', 0);
    const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
    try {
      for (const path of ['/', '/queues/', '/queues/api/queues', `/runs/${study.runId}/results.json`]) {
        const anonymous = await fetch(`${app.url}${path}`);
        expect(anonymous.status, path).toBe(401);
        expect(anonymous.headers.get('www-authenticate'), path).toMatch(/^Basic realm=/);
        expect((await fetch(`${app.url}${path}`, { headers: basic('analyst', 'wrong') })).status, path).toBe(401);
        expect((await fetch(`${app.url}${path}`, { headers: basic('someone', credentials.password) })).status, path).toBe(401);
        expect((await fetch(`${app.url}${path}`, { headers: basic(credentials.user, credentials.password) })).status, path).toBe(200);
      }
      const page = await browser.newPage({ httpCredentials: { username: credentials.user, password: credentials.password } });
      await page.goto(`${app.url}/`);
      expect(await page.locator(`tr[data-run="${study.runId}"]`).count()).toBe(1);
      await page.close();
    } finally {
      await app.close();
    }
  });
});
