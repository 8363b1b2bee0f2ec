/**
 * After a run, prints from a cluster host one JSON line `{"completed":[JobRecord…],"failed":n}` (JobDump in netnsCluster):
 * the completed jobs of every engine queue as bench/jobTimings reads them, and how many jobs
 * failed for good. Reads REDIS_URL and SWEEPFLOW_PREFIX (the deployment's).
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { completedJobs } from '../../../bench/jobTimings.js';
import { ENGINE_QUEUES } from '../../../src/engine/engineConfig.js';

const redisUrl = process.env.REDIS_URL!;
const prefix = process.env.SWEEPFLOW_PREFIX!;
const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
let failed = 0;
for (const name of ENGINE_QUEUES) {
  const queue = new Queue(name, { connection, prefix });
  failed += (await queue.getJobCounts('failed')).failed ?? 0;
  await queue.close();
}
connection.disconnect();
console.log(JSON.stringify({ completed: await completedJobs(redisUrl, prefix), failed }));
