import { WorkerHost } from '../engine/workerHost.js';
import { redactUrl } from '../engine/engineConfig.js';
import { cliEngine, REGISTRY_MODULE, storeFolder } from './cliEnvironment.js';

export interface WorkerOptions {
  readonly concurrency: number;
}

/** `sweepflow worker`: serve every queue until SIGINT/SIGTERM, then finish running trials and exit. */
export async function workerCommand(options: WorkerOptions): Promise<void> {
  const engine = cliEngine();
  const { processors } = (await import(REGISTRY_MODULE)) as { processors: Record<string, unknown> };
  const host = new WorkerHost(engine, {
    kinds: Object.keys(processors),
    concurrency: options.concurrency,
    registryModule: REGISTRY_MODULE,
    storeFolder: storeFolder(),
    lockDurationMs: process.env.SWEEPFLOW_LOCK_MS === undefined ? undefined : Number(process.env.SWEEPFLOW_LOCK_MS),
  });
  host.start();
  console.log(
    `worker ${process.pid}: ${options.concurrency} slot(s), Redis ${redactUrl(engine.config.redisUrl)} prefix '${engine.config.prefix}', store ${engine.store.description}`,
  );
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`worker ${process.pid}: ${signal}, finishing running trials`);
    await host.close();
    await engine.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
