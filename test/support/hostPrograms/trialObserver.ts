/**
 * Watches a deployment's trial queue from a cluster host and prints one JSON line per job event:
 * `{"event":"active"|"completed"|"failed"|"stalled","jobId","worker","processedOn","finishedOn","attemptsMade","stalledCounter"}`
 * (worker is BullMQ's processedBy, `hostname.pid`). Reads REDIS_URL and SWEEPFLOW_PREFIX; prints `watching` once subscribed.
 */
import { Job, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { TRIAL_QUEUE } from '../../../src/engine/engineConfig.js';

const connection = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
const prefix = process.env.SWEEPFLOW_PREFIX!;
const queue = new Queue(TRIAL_QUEUE, { connection, prefix });
const events = new QueueEvents(TRIAL_QUEUE, { connection: connection.duplicate(), prefix });

async function report(event: string, jobId: string): Promise<void> {
  const job = await Job.fromId(queue, jobId);
  console.log(
    JSON.stringify({
      event,
      jobId,
      at: Date.now(),
      worker: job?.processedBy ?? null,
      processedOn: job?.processedOn ?? null,
      finishedOn: job?.finishedOn ?? null,
      attemptsMade: job?.attemptsMade ?? null,
      stalledCounter: job?.stalledCounter ?? null,
    }),
  );
}

for (const event of ['active', 'completed', 'failed', 'stalled'] as const) {
  events.on(event, ({ jobId }: { jobId: string }) => void report(event, jobId).catch((error) => console.error(`observer: ${error.message}`)));
}
await events.waitUntilReady();
console.log('watching');
