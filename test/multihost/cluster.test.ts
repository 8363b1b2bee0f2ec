import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATA_HOST_PORTS,
  deploymentEnv,
  hostProgram,
  NetnsCluster,
  netnsUnavailable,
  requestsByKind,
  s3Requests,
  startDataHost,
  startWorkerHost,
  tearDownOnSignals,
  type DataHost,
} from '../support/netnsCluster.js';
import { MOVIES_CSV, runQuickStudy, type QuickStudy } from '../support/quickStudy.js';
import { CLI } from '../support/sweepflowCli.js';

const NODE = process.execPath;
/** The delaying relays in front of Redis and S3, 25 ms each way: +50 ms per round trip. */
const RELAY = { redisPort: 6391, s3Port: 9101, delayMs: 25 } as const;
/** Short locks, so a stall (kill -9, partition) is found in seconds, not tens of seconds. */
const LOCK_MS = 5000;
const PARTITION_MS = 30_000;
/**
 * The late worker starts once the partitioned one has taken a job again (or this long after its
 * link returned): the rejoin is measured alone, and work is left for the late worker.
 */
const LATE_START_MS = 10_000;
const WORKER_HOSTS = ['w1', 'w2', 'w3'] as const;
const QUICK_TRIALS = 52;
/** Worker-side store requests per trial of the quick study: 5.8 measured (10.3 before each object was read once), with margin. */
const MAX_REQUESTS_PER_TRIAL = 6.5;

const unavailable = netnsUnavailable();
if (unavailable !== null) console.warn(`[multihost] suite skipped: ${unavailable}`);

/** One job event, as the observer on the CLI host prints it. */
interface TrialEvent {
  readonly event: 'active' | 'completed' | 'failed' | 'stalled';
  readonly jobId: string;
  readonly at: number;
  readonly worker: string | null;
  readonly processedOn: number | null;
}

describe.skipIf(unavailable !== null)('sweepflow across hosts (network namespaces)', () => {
  let cluster: NetnsCluster;
  let dataHost: DataHost;
  let dir: string;
  let oneHost: QuickStudy;
  let oneHostResults: unknown;
  let directWallMs = 0;

  beforeAll(async () => {
    tearDownOnSignals();
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-multihost-'));
    cluster = NetnsCluster.create(['data', ...WORKER_HOSTS, 'cli']);
    const data = cluster.address('data');
    dataHost = await startDataHost(cluster, join(dir, 's3'));
    const relays = [
      cluster.spawn('data', [NODE, hostProgram('delayRelay'), data, String(RELAY.redisPort), data, String(DATA_HOST_PORTS.redis), String(RELAY.delayMs)]),
      cluster.spawn('data', [NODE, hostProgram('delayRelay'), data, String(RELAY.s3Port), data, String(DATA_HOST_PORTS.s3), String(RELAY.delayMs)]),
    ];
    await Promise.all(relays.map((r) => r.waitForLine(/^listening$/, 10_000)));
    // The reference: the same study on one host (local Redis, folder store).
    oneHost = await runQuickStudy('multihost-onehost');
    oneHostResults = withoutRunFacts(JSON.parse(await readFile(join(oneHost.storeDir, 'runs', oneHost.runId, 'results.json'), 'utf8')));
  });

  afterAll(async () => {
    await cluster?.destroy();
    await oneHost?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A fresh deployment on the cluster: its own queue prefix and bucket (so nothing is served from another case's cache). */
  function deployment(label: string, path: 'direct' | 'relay') {
    const ports = path === 'direct' ? DATA_HOST_PORTS : { redis: RELAY.redisPort, s3: RELAY.s3Port };
    const env = { ...deploymentEnv(cluster, `mh-${label}-${randomBytes(3).toString('hex')}`, ports), SWEEPFLOW_LOCK_MS: String(LOCK_MS) };
    const startWorker = (host: string) => startWorkerHost(cluster, host, env);
    const startObserver = async () => {
      const observer = cluster.spawn('cli', [NODE, hostProgram('trialObserver')], { env });
      await observer.waitForLine(/^watching$/, 15_000);
      return {
        events: (): TrialEvent[] => observer.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as TrialEvent),
        waitFor: async (pattern: RegExp) => JSON.parse(await observer.waitForLine(pattern, 60_000)) as TrialEvent,
        stop: () => observer.kill('SIGKILL'),
      };
    };
    /** `sweepflow run --workers 0` from the CLI host, to completion; its results.json and wall time. */
    const runStudy = async () => {
      const out = join(dir, `out-${label}`);
      const started = performance.now();
      const cli = cluster.spawn('cli', [NODE, CLI, 'run', '--data', MOVIES_CSV, '--profile', 'quick', '--workers', '0', '--out', out], { env });
      const timer = setTimeout(() => cli.killNow('SIGKILL'), 150_000);
      const code = await cli.exited;
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      if (code !== 0) throw new Error(`run on the CLI host exited ${code}:\n${cli.lines.slice(-30).join('\n')}`);
      return { wallMs, results: withoutRunFacts(JSON.parse(await readFile(join(out, 'results.json'), 'utf8'))) };
    };
    return { env, startWorker, startObserver, runStudy };
  }

  /** S3 requests from the worker hosts since `mark` (an index into the S3 server's log). */
  function workerRequests(mark: number): string[] {
    return s3Requests(dataHost, cluster, mark, WORKER_HOSTS);
  }

  it('runs the quick study on two worker hosts with results identical to one host', async () => {
    const d = deployment('direct', 'direct');
    const observer = await d.startObserver();
    const workers = await Promise.all([d.startWorker('w1'), d.startWorker('w2')]);
    const mark = dataHost.s3.lines.length;
    const { wallMs, results } = await d.runStudy();
    directWallMs = wallMs;
    const requests = workerRequests(mark);
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
    await observer.stop();
    expect(results).toEqual(oneHostResults);
    const servedBy = new Set(observer.events().filter((e) => e.event === 'completed').map((e) => e.worker?.split('.')[0]));
    expect([...servedBy].sort()).toEqual(['w1', 'w2']);
    const gets = requests.filter((r) => r.split(' ')[2] === 'GET').length;
    console.log(
      `[multihost] 2 worker hosts: wall ${(wallMs / 1000).toFixed(1)} s; worker S3 requests ${requests.length} ` +
        `(${gets} GET) for ${QUICK_TRIALS} trials: ${(requests.length / QUICK_TRIALS).toFixed(2)} per trial`,
    );
    console.log(`[multihost] by kind: ${requestsByKind(requests)}`);
    expect(requests.length / QUICK_TRIALS).toBeLessThanOrEqual(MAX_REQUESTS_PER_TRIAL);
  });

  it('survives a partitioned worker (which rejoins), a worker killed with -9 and a worker started late', async () => {
    const d = deployment('faults', 'direct');
    const observer = await d.startObserver();
    const [, w2] = await Promise.all([d.startWorker('w1'), d.startWorker('w2')]);
    const run = d.runStudy();
    run.catch(() => undefined);

    await observer.waitFor(/"event":"active".*"worker":"w1\./);
    cluster.link('w1', 'down');
    const linkDownAt = Date.now();
    // Killed in a trial that lasts a second or more, so it dies mid-trial.
    const killed = await observer.waitFor(/"event":"active","jobId":"[^"]*\.(knn-final|knn-importance|kmeans|mlp-final)\.[^"]*".*"worker":"w2\./);
    await w2.kill('SIGKILL');
    // Nothing serves now; at the link's return w1 alone has work waiting, so its next job start measures its rejoin.
    await sleepUntil(linkDownAt + PARTITION_MS);
    cluster.link('w1', 'up');
    const linkUpAt = Date.now();
    const rejoinedOrLate = () => Date.now() >= linkUpAt + LATE_START_MS || observer.events().some((e) => e.event === 'active' && e.worker?.startsWith('w1.') && (e.processedOn ?? 0) > linkUpAt);
    while (!rejoinedOrLate()) await new Promise((resolve) => setTimeout(resolve, 100));
    const late = await d.startWorker('w3');

    const { results } = await run;
    await late.kill('SIGTERM');
    await observer.stop();
    const events = observer.events();
    expect(events.filter((e) => e.event === 'failed')).toEqual([]);
    expect(results).toEqual(oneHostResults);
    // The killed worker's trial was finished by another worker.
    const finished = events.find((e) => e.event === 'completed' && e.jobId === killed.jobId);
    expect(finished?.worker?.startsWith('w2.')).toBe(false);
    expect(events.some((e) => e.event === 'completed' && e.worker?.startsWith('w3.'))).toBe(true);
    // Rejoin: from the link's return to the partitioned worker's next job start (BullMQ's processedOn).
    const rejoined = events.find((e) => e.event === 'active' && e.worker?.startsWith('w1.') && (e.processedOn ?? 0) > linkUpAt);
    expect(rejoined, 'w1 took no job after its link came back').toBeDefined();
    const rejoinS = ((rejoined!.processedOn ?? 0) - linkUpAt) / 1000;
    console.log(`[multihost] partition ${PARTITION_MS / 1000} s: w1 serving again ${rejoinS.toFixed(1)} s after its link came back`);
    expect(rejoinS).toBeLessThanOrEqual(10);
  });

  it('runs the quick study through a relay adding 50 ms per round trip to Redis and S3', async () => {
    const d = deployment('latency', 'relay');
    const workers = await Promise.all([d.startWorker('w1'), d.startWorker('w2')]);
    const { wallMs, results } = await d.runStudy();
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
    expect(results).toEqual(oneHostResults);
    const ratio = directWallMs > 0 ? ` (${(wallMs / directWallMs).toFixed(2)}× the direct run's ${(directWallMs / 1000).toFixed(1)} s)` : '';
    console.log(`[multihost] +50 ms round trip: wall ${(wallMs / 1000).toFixed(1)} s${ratio}`);
  });
});

function sleepUntil(time: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));
}

/** results.json without what differs between any two runs: the run id and the timings. */
function withoutRunFacts(results: Record<string, unknown>): Record<string, unknown> {
  const { runId: _runId, timings: _timings, ...rest } = results;
  return rest;
}
