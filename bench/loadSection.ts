/**
 * Section "load": a study whose KNN grid has 1,000 cells (k = 1..500 × 2 metrics, the quick
 * profile for the rest) must complete; reports Redis memory for the run and the per-job
 * orchestration overhead read back from the BullMQ jobs.
 */
import { Redis } from 'ioredis';
import { resolveConfig } from '../src/engine/resolveConfig.js';
import movieStudy from '../studies/movies/study.js';
import { REDIS_URL } from '../test/support/redisPrefix.js';
import { completedJobs, gatherLatencies, idleStartLatencies, overheadOf } from './jobTimings.js';
import { median } from './median.js';
import { memoryInfo, prefixFootprint, sampleUsedMemory } from './redisMemory.js';
import { formatBytes, formatLoad, formatMs, row, verdict } from './reportFormat.js';
import { withStudyRun } from './studyRun.js';

const LOAD_K = Array.from({ length: 500 }, (_, i) => i + 1);
const OVERHEAD_TARGET_MS = 5;
/** 30 min was measured with 2 workers on 2 busy cores. */
const LOAD_TIMEOUT_MS = 120 * 60_000;

export async function loadSection(workers: number): Promise<void> {
  const overrides = { knn: { k: LOAD_K } };
  const config = resolveConfig(movieStudy, 'quick', overrides);
  const cells = config.knn.k.length * config.knn.metric.length;
  console.log(`\n== load: ${cells.toLocaleString('en')} knn-cell trials (k = 1..${LOAD_K.length} × ${config.knn.metric.length} metrics), quick profile, ${workers} worker process(es) ==`);
  console.log('  long: each knn-cell job decodes its metric\'s five k = 500 fold neighbour tables');
  console.log(`  ${formatLoad()} before the run`);

  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const before = await memoryInfo(redis);
  const sampler = sampleUsedMemory(redis);
  try {
    await withStudyRun({ label: 'load', profile: 'quick', workers, config: overrides, timeoutMs: LOAD_TIMEOUT_MS }, async (run) => {
      const { maxUsed, samples } = await sampler.stop();
      const after = await memoryInfo(redis);
      const footprint = await prefixFootprint(redis, run.prefix);
      const jobs = await completedJobs(run.redisUrl, run.prefix);
      const trialCount = run.stages.reduce((n, s) => n + s.trials.length, 0);
      const failed = run.stages.reduce((n, s) => n + s.failed.length, 0);

      console.log(`  run completed: ${trialCount.toLocaleString('en')} trials (${failed} failed), wall ${formatMs(run.wallMs)}, results.json total ${run.timings.total.toFixed(1)} s`);
      console.log(`  ${formatLoad()} after the run`);
      console.log('  Redis memory (INFO memory used_memory is server-wide: other users of this Redis count too):');
      console.log(row('used_memory before', formatBytes(before.used)));
      console.log(row('used_memory after (keys kept)', formatBytes(after.used), `Δ ${formatBytes(after.used - before.used)}`));
      console.log(row('used_memory peak during run', formatBytes(maxUsed), `Δ ${formatBytes(maxUsed - before.used)}`, `(${samples} samples, 200 ms)`));
      console.log(row('used_memory_peak (server lifetime)', formatBytes(after.serverPeak)));
      console.log(row(`keys under ${run.prefix}:`, footprint.keys.toLocaleString('en'), `MEMORY USAGE Σ ${formatBytes(footprint.bytes)}`));

      const cellJobs = jobs.filter((j) => j.kind === 'knn-cell');
      const cell = overheadOf(cellJobs);
      const all = overheadOf(jobs);
      const idle = idleStartLatencies(jobs);
      const gathers = gatherLatencies(jobs, run.runId);
      console.log('  per-job orchestration overhead (BullMQ timestamp / processedOn / finishedOn, returnvalue.ms):');
      console.log(row(`knn-cell in-worker overhead (n=${cell.jobs})`, `median ${formatMs(cell.inWorkerMs)}`, `p90 ${formatMs(cell.inWorkerP90Ms)}`, `target ≤ ${OVERHEAD_TARGET_MS} ms: ${verdict(cell.inWorkerMs, OVERHEAD_TARGET_MS)}`));
      console.log(row('knn-cell finish → next start', cell.nextJobGapMs === null ? 'n/a' : `median ${formatMs(cell.nextJobGapMs)}`, '(same worker process)'));
      console.log(row('knn-cell throughput', `${cell.jobsPerSecond.toFixed(2)} jobs/s`, `over ${formatMs(cell.spanMs)}`, `trial median ${formatMs(cell.trialMs)}`));
      console.log(row(`all trial jobs in-worker (n=${all.jobs})`, `median ${formatMs(all.inWorkerMs)}`, `p90 ${formatMs(all.inWorkerP90Ms)}`));
      console.log(row(`queue → start, idle workers (n=${idle.length})`, idle.length === 0 ? 'n/a' : `median ${formatMs(median(idle))}`, '(first job of each stage)'));
      console.log(row(`last trial → gather start (n=${gathers.length})`, gathers.length === 0 ? 'n/a' : `median ${formatMs(median(gathers))}`, '(per stage)'));
      console.log('  BullMQ and trial times have 1 ms resolution.');
      console.log('  in-worker overhead = finishedOn − processedOn − trial ms: payload check, thread hand-off and');
      console.log('  BullMQ completion (a worker takes a trial only when one of its threads is free).');
    });
  } finally {
    await sampler.stop();
    redis.disconnect();
  }
}
