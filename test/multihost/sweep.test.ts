import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploymentEnv, jobRecordsOn, NetnsCluster, netnsUnavailable, startDataHost, startWorkerHost, tearDownOnSignals } from '../support/netnsCluster.js';
import { MOVIES_CSV } from '../support/quickStudy.js';
import { CLI } from '../support/sweepflowCli.js';

const WORKER_HOSTS = ['w1', 'w2', 'w3'] as const;
/** k = 1..100 × the quick profile's 2 metrics: 200 knn-cell trials, beside the quick profile's other stages. */
const CELL_K = Array.from({ length: 100 }, (_, i) => i + 1);
const CELLS = CELL_K.length * 2;

const unavailable = netnsUnavailable();
if (unavailable !== null) console.warn(`[multihost] sweep skipped: ${unavailable}`);

describe.skipIf(unavailable !== null)('a 200-cell sweep across three worker hosts (network namespaces)', () => {
  let cluster: NetnsCluster;
  let dir: string;

  beforeAll(() => {
    tearDownOnSignals();
    cluster = NetnsCluster.create(['data', ...WORKER_HOSTS, 'cli']);
  });

  afterAll(async () => {
    await cluster?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('completes with no trial failed and every worker host serving', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-multihost-sweep-'));
    await startDataHost(cluster, join(dir, 's3'));
    const env = deploymentEnv(cluster, `mh-sweep-${randomBytes(3).toString('hex')}`);
    const workers = await Promise.all(WORKER_HOSTS.map((host) => startWorkerHost(cluster, host, env)));
    const configPath = join(dir, 'study.json');
    await writeFile(configPath, JSON.stringify({ knn: { k: CELL_K } }));

    const cli = cluster.spawn('cli', [process.execPath, CLI, 'run', '--data', MOVIES_CSV, '--profile', 'quick', '--config', configPath, '--workers', '0'], { env });
    const timer = setTimeout(() => cli.killNow('SIGKILL'), 150_000);
    const code = await cli.exited;
    clearTimeout(timer);
    expect(code, cli.lines.slice(-20).join('\n')).toBe(0);
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));

    const dump = await jobRecordsOn(cluster, 'cli', env);
    const trials = dump.completed.filter((r) => r.computeMs !== undefined);
    const closing = cli.lines.find((l) => /^run \S+ completed in /.test(l)) ?? '';
    expect(closing).toMatch(new RegExp(`: ${trials.length} computed, 0 cached, 0 failed`));
    expect(dump.failed).toBe(0);
    expect(trials.filter((r) => r.kind === 'knn-cell')).toHaveLength(CELLS);
    const served = WORKER_HOSTS.map((host) => trials.filter((r) => r.worker?.split('.')[0] === host).length);
    expect(served.every((n) => n > 0), `trials per host ${served.join(', ')}`).toBe(true);
    console.log(`[multihost] ${trials.length} trials on ${WORKER_HOSTS.length} worker hosts, per host ${served.join(' / ')}; ${closing}`);
  }, 180_000);
});
