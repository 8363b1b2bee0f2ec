import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { ENGINE_DEFAULTS } from '../engine/engineDefaults.js';

export interface RedisEndpoint {
  readonly url: string;
  /** A private redis-server this process started, or null. */
  readonly embedded: ChildProcess | null;
  stop(): void;
}

/**
 * REDIS_URL, else the local default; if nothing answers there and redis-server is on PATH,
 * a private one on a free port for this command's lifetime (DESIGN.md, "the embedded default").
 */
export async function resolveRedis(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<RedisEndpoint> {
  const url = env.REDIS_URL ?? ENGINE_DEFAULTS.redisUrl;
  if (await redisAnswers(url)) return { url, embedded: null, stop: () => undefined };
  if (env.REDIS_URL !== undefined) throw new Error(`Redis at REDIS_URL does not answer; start it or fix REDIS_URL`);
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      'no Redis at 127.0.0.1:6379 and no redis-server on PATH: install it (apt-get install redis-server), run `docker compose up -d redis`, or set REDIS_URL',
    );
  }
  const port = await freePort();
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const embeddedUrl = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await redisAnswers(embeddedUrl)); i++) await new Promise((r) => setTimeout(r, 100));
  log(`no Redis at 127.0.0.1:6379: started a private redis-server on port ${port} for this run`);
  return { url: embeddedUrl, embedded: server, stop: () => void server.kill('SIGTERM') };
}

/** Whether a Redis at `url` answers PING within 1.5 s. */
export async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1500 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** A local TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
