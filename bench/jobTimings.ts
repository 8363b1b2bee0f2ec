/**
 * Orchestration overhead of a finished run, read from the BullMQ jobs its queues keep:
 * every job has `timestamp` (added), `processedOn` (taken by a worker) and `finishedOn`, and a
 * trial job's return value has `ms`, the time its trial spent in the worker thread.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ENGINE_QUEUES, GATHER_QUEUE } from '../src/engine/engineConfig.js';
import type { TrialReturn } from '../src/engine/trialPayload.js';
import { median } from './median.js';

export interface JobRecord {
  readonly queue: string;
  /** The job's name: a trial's job kind, a gather's stage. */
  readonly kind: string;
  readonly id: string;
  readonly added: number;
  readonly started: number;
  readonly finished: number;
  /** Trial time in the worker thread; absent for gather jobs. */
  readonly computeMs?: number;
  readonly worker?: string;
}

/** Completed jobs of the trial and gather queues. */
export async function completedJobs(redisUrl: string, prefix: string): Promise<JobRecord[]> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  try {
    const records: JobRecord[] = [];
    for (const name of ENGINE_QUEUES) {
      const queue = new Queue(name, { connection, prefix });
      for (const job of await queue.getJobs(['completed'], 0, -1)) {
        if (job?.processedOn === undefined || job.finishedOn === undefined) continue;
        const value = job.returnvalue as Partial<TrialReturn> | null;
        records.push({
          queue: name,
          kind: job.name,
          id: job.id ?? '',
          added: job.timestamp,
          started: job.processedOn,
          finished: job.finishedOn,
          computeMs: name === GATHER_QUEUE || typeof value?.ms !== 'number' ? undefined : value.ms,
          worker: job.processedBy,
        });
      }
      await queue.close();
    }
    return records;
  } finally {
    connection.disconnect();
  }
}

export interface OverheadSummary {
  readonly jobs: number;
  /** Median of finishedOn − processedOn − returnvalue.ms: time in the worker outside the trial. */
  readonly inWorkerMs: number;
  readonly inWorkerP90Ms: number;
  /** Median returnvalue.ms: the trial's own time in the worker thread. */
  readonly trialMs: number;
  /** Median gap on one worker process from a job's finish to its next job's start (same queue). */
  readonly nextJobGapMs: number | null;
  /** Jobs finished per second, from the first start to the last finish. */
  readonly jobsPerSecond: number;
  readonly spanMs: number;
}

/** Per-job overhead of trial jobs (e.g. the 1,000 knn-cell jobs). */
export function overheadOf(records: readonly JobRecord[]): OverheadSummary {
  const trials = records.filter((r) => r.computeMs !== undefined);
  if (trials.length === 0) throw new Error('no completed trial jobs to measure');
  const inWorker = trials.map((r) => r.finished - r.started - (r.computeMs as number));
  const gaps: number[] = [];
  const byWorker = groupBy(trials, (r) => r.worker ?? '');
  for (const jobs of byWorker.values()) {
    const sorted = [...jobs].sort((a, b) => a.started - b.started);
    for (let i = 1; i < sorted.length; i++) gaps.push(sorted[i].started - sorted[i - 1].finished);
  }
  const spanMs = Math.max(...trials.map((r) => r.finished)) - Math.min(...trials.map((r) => r.started));
  return {
    jobs: trials.length,
    inWorkerMs: median(inWorker),
    inWorkerP90Ms: quantile(inWorker, 0.9),
    trialMs: median(trials.map((r) => r.computeMs as number)),
    nextJobGapMs: gaps.length === 0 ? null : median(gaps),
    jobsPerSecond: spanMs > 0 ? trials.length / (spanMs / 1000) : Infinity,
    spanMs,
  };
}

/**
 * Queue → start latency with idle workers: for each job kind, the first job taken, counted only
 * if no trial job was running when it was added (so it waited for nothing but the queue itself).
 * The preprocess job is left out: it waits for the worker processes to boot.
 */
export function idleStartLatencies(records: readonly JobRecord[]): number[] {
  const trials = records.filter((r) => r.computeMs !== undefined);
  const latencies: number[] = [];
  for (const [kind, jobs] of groupBy(trials, (r) => r.kind)) {
    if (kind === 'preprocess') continue;
    const first = jobs.reduce((a, b) => (b.started < a.started ? b : a));
    const busy = trials.some((r) => r !== first && r.started <= first.added && r.finished > first.added);
    if (!busy) latencies.push(first.started - first.added);
  }
  return latencies;
}

/** Per stage: from the last trial's finish to the stage's gather job starting. */
export function gatherLatencies(records: readonly JobRecord[], runId: string): number[] {
  const latencies: number[] = [];
  for (const gather of records.filter((r) => r.queue === GATHER_QUEUE && r.id.startsWith(`${runId}.`))) {
    const stage = gather.id.slice(runId.length + 1);
    const children = records.filter((r) => r.computeMs !== undefined && r.id.startsWith(`${runId}.${stage}.`));
    if (children.length > 0) latencies.push(gather.started - Math.max(...children.map((c) => c.finished)));
  }
  return latencies;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group === undefined) groups.set(key(item), [item]);
    else group.push(item);
  }
  return groups;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
