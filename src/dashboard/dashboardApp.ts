import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express, { type Express } from 'express';
import { ENGINE_QUEUES } from '../engine/engineConfig.js';
import type { EngineContext } from '../engine/engineContext.js';
import { cancelRun } from '../engine/cancelRun.js';
import { runKeys } from '../engine/runLayout.js';
import { SweepflowError } from '../sweepflowError.js';
import { isSafeSegment } from '../store/objectStore.js';
import { basicAuth, type BasicAuthCredentials } from './basicAuth.js';
import { trimJobData } from './jobDataFormatter.js';
import { listRuns } from './runList.js';
import { runListPage } from './runListPage.js';
import { runPageRoutes } from './runPageRoutes.js';

export interface DashboardOptions {
  /** Redis (the queues under its prefix) and the store (the runs). */
  readonly engine: EngineContext;
  /** bull-board without retry, clean, pause or delete. */
  readonly readOnly?: boolean;
  /** When given, every route asks for HTTP basic authentication. */
  readonly credentials?: BasicAuthCredentials;
  /** Queues to show; the engine's by default. */
  readonly queueNames?: readonly string[];
}

export const QUEUES_PATH = '/queues';

/** A run's files the dashboard serves, with their content types. */
const RUN_FILES: Readonly<Record<string, { key: (runId: string) => string; type: string }>> = {
  'report.html': { key: runKeys.report, type: 'text/html; charset=utf-8' },
  'results.json': { key: runKeys.results, type: 'application/json; charset=utf-8' },
};

/**
 * The dashboard: bull-board on the study's queues at /queues, the run list at / (with a Cancel
 * button per running run unless read-only), and each run's report.html and results.json from the store.
 */
export function createDashboardApp(options: DashboardOptions): Express {
  const { engine, readOnly = false } = options;
  const app = express();
  app.disable('x-powered-by');
  if (options.credentials !== undefined) app.use(basicAuth(options.credentials));
  app.use((_request, response, next) => {
    response.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'SAMEORIGIN' });
    next();
  });

  const board = new ExpressAdapter();
  board.setBasePath(QUEUES_PATH);
  createBullBoard({
    queues: (options.queueNames ?? ENGINE_QUEUES).map((name) => {
      const adapter = new BullMQAdapter(engine.queue(name), { readOnlyMode: readOnly });
      adapter.setFormatter('data', trimJobData);
      adapter.setFormatter('returnValue', trimJobData);
      return adapter;
    }),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'sweepflow' } },
  });
  app.use(QUEUES_PATH, board.getRouter());

  app.get('/', async (_request, response, next) => {
    try {
      response.type('html').send(runListPage(await listRuns(engine), { readOnly }));
    } catch (error) {
      next(error);
    }
  });

  // The run list's Cancel button; a page of another site may not post it (Sec-Fetch-Site).
  app.post('/runs/:runId/cancel', async (request, response, next) => {
    const { runId } = request.params;
    if (readOnly) return void response.status(403).type('text/plain').send('read-only dashboard: cancel with `sweepflow cancel`\n');
    const site = request.get('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return void response.status(403).type('text/plain').send('cross-site request refused\n');
    if (!isSafeSegment(runId)) return void response.status(404).type('text/plain').send('not found\n');
    try {
      await cancelRun(engine, runId, false);
      response.redirect(303, '../../');
    } catch (error) {
      if (error instanceof SweepflowError) return void response.status(409).type('text/plain').send(`${error.message}\n`);
      next(error);
    }
  });

  app.use(runPageRoutes(engine, { readOnly }));

  app.get('/runs/:runId/:file', async (request, response, next) => {
    const { runId, file } = request.params;
    const served = RUN_FILES[file];
    if (served === undefined || !isSafeSegment(runId)) return void response.status(404).type('text/plain').send('not found\n');
    try {
      const body = await engine.store.get(served.key(runId));
      if (body === null) return void response.status(404).type('text/plain').send(`run '${runId}' has no ${file}\n`);
      response.type(served.type).send(body);
    } catch (error) {
      next(error);
    }
  });
  return app;
}

export interface RunningDashboard {
  readonly server: Server;
  /** http://host:port, the bound port (port 0 picks a free one). */
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the app on host:port; close() stops accepting and ends open connections. */
export function listenDashboard(app: Express, host: string, port: number): Promise<RunningDashboard> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        url: `http://${shownHost}:${address.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
