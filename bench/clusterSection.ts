/**
 * Section "cluster": the load section's 1,000-cell KNN grid (the quick profile for the rest) across
 * hosts made of network namespaces (test/support/netnsCluster): a data host with Redis and s3rver,
 * three worker hosts (`sweepflow worker --concurrency 1`, private /tmp, no copy of the data) and a
 * CLI host running `sweepflow run --workers 0`. Every packet to a host address is sent from a
 * namespace: the job records are read by a host program on the CLI host after the run, the S3
 * traffic from the data host's request log. Needs root and iproute2; says so and skips otherwise.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  deploymentEnv,
  jobRecordsOn,
  NetnsCluster,
  netnsUnavailable,
  projectFile,
  requestsByKind,
  s3Requests,
  startDataHost,
  startWorkerHost,
  tearDownOnSignals,
  type HostProcess,
  type JobDump,
} from '../test/support/netnsCluster.js';
import { gatherLatencies, idleStartLatencies, overheadOf } from './jobTimings.js';
import { median } from './median.js';
import { formatLoad, formatMs, row } from './reportFormat.js';

const WORKER_HOSTS = ['w1', 'w2', 'w3'] as const;
/** The load section's grid: k = 1..500 × the quick profile's 2 metrics = 1,000 knn-cell trials. */
const GRID = { knn: { k: Array.from({ length: 500 }, (_, i) => i + 1) } };
const SMALL_TRIAL_KIND = 'knn-cell';
/** A generous bound: 7.5–9.5 min were measured here on 2 shared cores; a stuck run is stopped, not waited on. */
const RUN_TIMEOUT_MS = 45 * 60_000;

export async function clusterSection(): Promise<void> {
  console.log(`\n== cluster: the 1,000-cell knn grid (quick profile) on ${WORKER_HOSTS.length} worker hosts, data host (Redis + s3rver), CLI host ==`);
  const unavailable = netnsUnavailable();
  if (unavailable !== null) {
    console.log(`  skipped: ${unavailable}`);
    return;
  }
  console.log(`  ${formatLoad()} before the run`);
  tearDownOnSignals();
  const dir = await mkdtemp(join(tmpdir(), 'sweepflow-bench-cluster-'));
  const cluster = NetnsCluster.create(['data', ...WORKER_HOSTS, 'cli']);
  const workers: HostProcess[] = [];
  try {
    const dataHost = await startDataHost(cluster, join(dir, 's3'));
    const env = deploymentEnv(cluster, `sfbench-cluster-${randomBytes(3).toString('hex')}`);
    workers.push(...(await Promise.all(WORKER_HOSTS.map((host) => startWorkerHost(cluster, host, env)))));
    const configPath = join(dir, 'study.json');
    await writeFile(configPath, JSON.stringify(GRID));

    const mark = dataHost.s3.lines.length;
    const out = join(dir, 'out');
    const started = performance.now();
    const cli = cluster.spawn('cli', [process.execPath, projectFile('dist/src/cli/main.js'), 'run', '--data', projectFile('data/movies.csv'), '--profile', 'quick', '--config', configPath, '--workers', '0', '--out', out], { env });
    const timer = setTimeout(() => cli.killNow('SIGTERM'), RUN_TIMEOUT_MS);
    const code = await cli.exited;
    clearTimeout(timer);
    const wallMs = performance.now() - started;
    if (code !== 0) throw new Error(`run on the CLI host exited ${code}: ${cli.lines.slice(-3).join(' | ')}`);
    const allRequests = s3Requests(dataHost, cluster, mark).length;
    const workerRequests = s3Requests(dataHost, cluster, mark, WORKER_HOSTS);

    const dump = await jobRecordsOn(cluster, 'cli', env);
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
    report(cli, wallMs, dump, { allRequests, workerRequests });
  } finally {
    await cluster.destroy();
    await rm(dir, { recursive: true, force: true });
    const left = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').filter((l) => l.startsWith(cluster.id));
    console.log(`  namespaces of cluster ${cluster.id} left after teardown: ${left.length}`);
  }
  console.log(`  ${formatLoad()} after the run`);
}

function report(cli: HostProcess, wallMs: number, dump: JobDump, s3: { allRequests: number; workerRequests: readonly string[] }): void {
  const closing = cli.lines.find((l) => /^run \S+ \S+ in .*: \d+ computed, \d+ cached, \d+ failed/.test(l)) ?? '';
  const [, computed, cached, failed] = /(\d+) computed, (\d+) cached, (\d+) failed/.exec(closing) ?? [];
  const trials = dump.completed.filter((r) => r.computeMs !== undefined);
  const cells = trials.filter((r) => r.kind === SMALL_TRIAL_KIND);
  const all = overheadOf(trials);
  const cell = overheadOf(cells);
  const idle = idleStartLatencies(dump.completed);
  const runId = /^run (\S+)/.exec(closing)?.[1] ?? '';
  const gathers = gatherLatencies(dump.completed, runId);

  console.log(`  ${closing || 'no closing line from the CLI host'}`);
  console.log(row('trials completed / failed', `${computed ?? '?'} computed + ${cached ?? '?'} cached`, `${failed ?? '?'} failed`, `BullMQ failed jobs ${dump.failed}`));
  console.log(row('wall (CLI start → exit)', formatMs(wallMs), `${(trials.length / (wallMs / 1000)).toFixed(2)} trials/s overall`, `(${trials.length} trial jobs)`));
  console.log(row('trial jobs, first start → last finish', formatMs(all.spanMs), `${all.jobsPerSecond.toFixed(2)} trials/s`));
  console.log(row(`${SMALL_TRIAL_KIND} stage (n=${cell.jobs})`, `${cell.jobsPerSecond.toFixed(2)} trials/s`, `over ${formatMs(cell.spanMs)}`, `trial median ${formatMs(cell.trialMs)}`));
  console.log('  per-trial orchestration overhead (BullMQ processedOn / finishedOn / timestamp, returnvalue.ms):');
  console.log(row(`${SMALL_TRIAL_KIND} in-worker (n=${cell.jobs})`, `median ${formatMs(cell.inWorkerMs)}`, `p90 ${formatMs(cell.inWorkerP90Ms)}`));
  console.log(row(`all trials in-worker (n=${all.jobs})`, `median ${formatMs(all.inWorkerMs)}`, `p90 ${formatMs(all.inWorkerP90Ms)}`));
  console.log(row(`${SMALL_TRIAL_KIND} finish → next start`, cell.nextJobGapMs === null ? 'n/a' : `median ${formatMs(cell.nextJobGapMs)}`, '(same worker process)'));
  console.log(row(`queue → start, idle workers (n=${idle.length})`, idle.length === 0 ? 'n/a' : `median ${formatMs(median(idle))}`, '(first job of each stage)'));
  console.log(row(`last trial → gather start (n=${gathers.length})`, gathers.length === 0 ? 'n/a' : `median ${formatMs(median(gathers))}`, '(per stage)'));
  console.log('  trials served per host (BullMQ processedBy, hostname.pid):');
  for (const host of WORKER_HOSTS) {
    const served = trials.filter((r) => r.worker?.split('.')[0] === host);
    console.log(row(`  ${host}`, `${served.length} trials`, `${served.filter((r) => r.kind === SMALL_TRIAL_KIND).length} ${SMALL_TRIAL_KIND}`));
  }
  console.log(row('S3 requests (s3rver log)', `${s3.allRequests} in all`, `${(s3.allRequests / trials.length).toFixed(2)} per trial`));
  console.log(row('  of them from worker hosts', `${s3.workerRequests.length}`, `${(s3.workerRequests.length / trials.length).toFixed(2)} per trial`));
  console.log(`    by kind: ${requestsByKind(s3.workerRequests)}`);
  console.log('  one machine\'s clock for every host (namespaces), 1 ms resolution; compare with `npm run bench -- load --workers 3`.');
}
