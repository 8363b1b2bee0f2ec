import { afterEach, describe, expect, it } from 'vitest';
import { createDashboardApp, listenDashboard, type RunningDashboard } from '../../src/dashboard/dashboardApp.js';
import { EngineContext } from '../../src/engine/engineContext.js';
import { runCli, spawnCli } from '../support/sweepflowCli.js';
import { waitFor } from '../faults/faultStudy.js';
import { deployment, PACED, POINTS, type Deployment } from './lifecycleFixture.js';

describe("the dashboard's Cancel button", { timeout: 60_000 }, () => {
  let d: Deployment | undefined;
  let engine: EngineContext | undefined;
  const dashboards: RunningDashboard[] = [];
  afterEach(async () => {
    await Promise.all(dashboards.splice(0).map((dashboard) => dashboard.close()));
    await engine?.close();
    await d?.cleanup();
    d = undefined;
  });

  it('cancels a running run, and is neither shown nor served when read-only', async () => {
    d = await deployment('dashcancel');
    engine = new EngineContext({ redisUrl: d.env.REDIS_URL!, prefix: d.env.SWEEPFLOW_PREFIX! }, d.store);
    const writable = await listenDashboard(createDashboardApp({ engine }), '127.0.0.1', 0);
    const readOnly = await listenDashboard(createDashboardApp({ engine, readOnly: true }), '127.0.0.1', 0);
    dashboards.push(writable, readOnly);

    const running = spawnCli(['run', '--study', PACED, '--data', POINTS, '--workers', '1'], { cwd: d.dir, env: d.env, timeoutMs: 50_000 });
    const runId = await waitFor('the run id', async () => (await d!.store.list('runs/'))[0]?.split('/')[1], 20_000);
    const action = `runs/${runId}/cancel`;
    const page = await waitFor('the run listed as running', async () => {
      const html = await (await fetch(`${writable.url}/`)).text();
      return html.includes('data-status="running"') ? html : undefined;
    }, 20_000);
    expect(page).toContain(`<form class="cancel" method="post" action="${action}">`);
    expect(await (await fetch(`${readOnly.url}/`)).text()).not.toContain('form class="cancel"');
    expect((await fetch(`${readOnly.url}/${action}`, { method: 'POST' })).status).toBe(403);
    expect((await fetch(`${writable.url}/${action}`, { method: 'POST', headers: { 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(403);
    expect((await d.manifest(runId)).status).toBe('running');

    const cancelled = await fetch(`${writable.url}/${action}`, { method: 'POST', redirect: 'manual' });
    expect(cancelled.status).toBe(303);
    expect((await d.manifest(runId)).status).toBe('cancelled');
    const run = await running.result;
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`run ${runId} cancelled in`);
    const after = await (await fetch(`${writable.url}/`)).text();
    expect(after).toContain('data-status="cancelled"');
    expect(after).not.toContain('form class="cancel"');
    // Cancelling twice is refused in one line.
    const again = await fetch(`${writable.url}/${action}`, { method: 'POST', redirect: 'manual' });
    expect(again.status).toBe(409);
    expect(await again.text()).toBe(`run '${runId}' is cancelled: only a running run can be cancelled\n`);
    const status = await runCli(['status', runId], { cwd: d.dir, env: d.env });
    expect(status.stdout).toContain(': cancelled,');
  });
});
