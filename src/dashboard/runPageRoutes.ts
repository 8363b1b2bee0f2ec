import express, { type Router } from 'express';
import type { EngineContext } from '../engine/engineContext.js';
import { rerunRun } from '../engine/rerunRun.js';
import { runKeys } from '../engine/runLayout.js';
import { plotlyBundle } from '../report/plotlyBundle.js';
import { isSafeSegment } from '../store/objectStore.js';
import { errorLine } from '../sweepflowError.js';
import { runPage } from './runPage.js';
import { runPageData } from './runPageData.js';

/**
 * The run page and what it reads: /runs/<id> (the page), /api/runs/<id> (its data, polled),
 * POST /api/runs/<id>/rerun (not with --read-only) and /assets/plotly.js (served, not fetched
 * from a CDN: the dashboard works offline too).
 */
export function runPageRoutes(engine: EngineContext, options: { readonly readOnly: boolean }): Router {
  const router = express.Router();
  const knownRun = async (runId: string) => isSafeSegment(runId) && (await engine.store.exists(runKeys.manifest(runId)));

  router.get('/runs/:runId', async (request, response, next) => {
    try {
      const { runId } = request.params;
      if (!(await knownRun(runId))) return void response.status(404).type('text/plain').send(`no run '${runId}'\n`);
      response.type('html').send(runPage(runId, options));
    } catch (error) {
      next(error);
    }
  });

  router.get('/api/runs/:runId', async (request, response, next) => {
    try {
      const { runId } = request.params;
      if (!(await knownRun(runId))) return void response.status(404).json({ error: `no run '${runId}'` });
      response.set('Cache-Control', 'no-store').json(await runPageData(engine, runId));
    } catch (error) {
      next(error);
    }
  });

  router.post('/api/runs/:runId/rerun', async (request, response) => {
    const { runId } = request.params;
    if (options.readOnly) return void response.status(403).json({ error: 'the dashboard is read-only' });
    // A cross-site form cannot send JSON without a preflight, so this is the page's own request.
    if (!request.is('application/json')) return void response.status(415).json({ error: 'send Content-Type: application/json' });
    try {
      if (!(await knownRun(runId))) return void response.status(404).json({ error: `no run '${runId}'` });
      const plan = await rerunRun(engine, runId);
      response.json({ stages: plan.stages, status: plan.manifest.status });
    } catch (error) {
      response.status(400).json({ error: errorLine(error) });
    }
  });

  router.get('/assets/plotly.js', (_request, response) => {
    response.set('Cache-Control', 'max-age=3600').type('application/javascript').send(plotlyBundle());
  });
  return router;
}
