import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { TRIAL_QUEUE } from '../../src/engine/engineConfig.js';
import { REDIS_URL } from '../support/redisPrefix.js';

/** A quick study whose MLP trials last long enough (hundreds of epochs) to be interrupted. */
export const SLOW_MLP_CONFIG = { mlp: { hidden: [[32], [64]], alpha: [0.001], maxIter: 300, final: { hidden: [64], alpha: 0.001 } } };

export async function writeConfig(dir: string, config: unknown = SLOW_MLP_CONFIG): Promise<string> {
  const path = join(dir, 'study.json');
  await writeFile(path, JSON.stringify(config));
  return path;
}

/** results.json without what differs between two runs of the same study. */
export function comparable(results: Record<string, unknown>): Record<string, unknown> {
  const { runId: _runId, timings: _timings, ...rest } = results;
  return rest;
}

/** Polls until `find` returns a value or the deadline passes. */
export async function waitFor<T>(what: string, find: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** An active trial job of that kind that has reported progress, if any. */
export async function activeJobWithProgress(prefix: string, kind: string): Promise<Job | undefined> {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(TRIAL_QUEUE, { connection, prefix });
  try {
    const active = await queue.getJobs(['active']);
    return active.find((job) => job.name === kind && typeof job.progress === 'object' && job.processedBy !== undefined);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
