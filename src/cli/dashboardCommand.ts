import { credentialsFromEnv } from '../dashboard/basicAuth.js';
import { createDashboardApp, listenDashboard, QUEUES_PATH } from '../dashboard/dashboardApp.js';
import { redactUrl } from '../engine/engineConfig.js';
import { cliEngine } from './cliEnvironment.js';
import { SweepflowError } from '../sweepflowError.js';

export interface DashboardCommandOptions {
  readonly port: number;
  readonly host: string;
  readonly readOnly: boolean;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

/** `sweepflow dashboard`: serves the run list and bull-board until SIGINT or SIGTERM. */
export async function dashboardCommand(options: DashboardCommandOptions): Promise<number> {
  if (options.port > 65535) throw new SweepflowError(`--port ${options.port} is not a TCP port (0-65535)`);
  const credentials = credentialsFromEnv();
  if (!LOOPBACK.test(options.host) && credentials === undefined) {
    console.error(`warning: serving on ${options.host} without authentication; set DASHBOARD_USER and DASHBOARD_PASSWORD`);
  }
  const engine = cliEngine();
  try {
    const app = createDashboardApp({ engine, readOnly: options.readOnly, credentials });
    const running = await listenDashboard(app, options.host, options.port);
    console.log(`dashboard on ${running.url}/ (queues at ${running.url}${QUEUES_PATH}${options.readOnly ? ', read-only' : ''})`);
    console.log(`redis ${redactUrl(engine.config.redisUrl)} prefix ${engine.config.prefix}, store ${engine.store.description}`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await running.close();
    return 0;
  } finally {
    await engine.close();
  }
}
