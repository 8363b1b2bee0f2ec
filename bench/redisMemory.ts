/**
 * Redis memory around a run: INFO memory figures (server-wide, so other users of the same Redis
 * show in them too) sampled while the run goes, and the exact count and size of the run's keys.
 */
import { Redis } from 'ioredis';

export interface MemoryInfo {
  /** used_memory, bytes. */
  readonly used: number;
  /** used_memory_peak since the server started, bytes. */
  readonly serverPeak: number;
}

export async function memoryInfo(redis: Redis): Promise<MemoryInfo> {
  const text = await redis.info('memory');
  const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return { used: field('used_memory'), serverPeak: field('used_memory_peak') };
}

/** Polls used_memory every `intervalMs` until stopped; returns the largest value seen. */
export function sampleUsedMemory(redis: Redis, intervalMs = 200): { stop(): Promise<{ maxUsed: number; samples: number }> } {
  let maxUsed = 0;
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        maxUsed = Math.max(maxUsed, (await memoryInfo(redis)).used);
        samples++;
      } catch {
        // A missed sample only lowers the resolution.
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { maxUsed, samples };
    },
  };
}

/** Keys under `<prefix>:` and the sum of their MEMORY USAGE (bytes, with Redis's per-key overhead). */
export async function prefixFootprint(redis: Redis, prefix: string): Promise<{ keys: number; bytes: number }> {
  let cursor = '0';
  let keys = 0;
  let bytes = 0;
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    keys += batch.length;
    if (batch.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of batch) pipeline.memory('USAGE', key, 'SAMPLES', '0');
    for (const [error, size] of (await pipeline.exec()) ?? []) if (!error && typeof size === 'number') bytes += size;
  } while (cursor !== '0');
  return { keys, bytes };
}
