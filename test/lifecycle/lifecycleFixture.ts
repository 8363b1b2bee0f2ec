import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { GATHER_QUEUE, TRIAL_QUEUE } from '../../src/engine/engineConfig.js';
import type { RunManifest, StageOutput } from '../../src/engine/runManifest.js';
import { FolderStore } from '../../src/store/folderStore.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../support/redisPrefix.js';
import { startWorker, stopProcess } from '../support/sweepflowCli.js';

export const PLUGIN = resolve('examples/polynomial.study.js');
export const POINTS = resolve('examples/points.csv');
/** Trials of a set wall time (6 × 1.5 s by default), to cancel or interrupt mid-run; reads no table. */
export const PACED = resolve('test/fixtures/lifecycle/paced.study.js');
/** A quick stage read by a slow one (2 trials × 8 s by default), then a last stage; reads no table. */
export const SLOW_DEPENDENTS = resolve('test/fixtures/lifecycle/slowDependents.study.js');

/** The run id `run` prints first. */
export const runIdOf = (stdout: string) => /run (\S+): \d+ trials/.exec(stdout)![1];

/** One test's deployment: its own Redis prefix, folder store and worker processes. */
export interface Deployment {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly store: FolderStore;
  worker(env?: NodeJS.ProcessEnv, study?: string): ChildProcess;
  manifest(runId: string): Promise<RunManifest>;
  stage(runId: string, stage: string): Promise<StageOutput | null>;
  /** The trial queue as bull-board sees it. */
  trialQueue(): Queue;
  /** The gather queue (bull-board's `stage`). */
  stageQueue(): Queue;
  cleanup(): Promise<void>;
}

export async function deployment(label: string): Promise<Deployment> {
  const dir = await mkdtemp(join(tmpdir(), `sweepflow-${label}-`));
  const prefix = uniquePrefix(label);
  const env = { REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: join(dir, 'store') };
  const store = new FolderStore(join(dir, 'store'));
  const children: ChildProcess[] = [];
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  let queue: Queue | undefined;
  let stageQueue: Queue | undefined;
  return {
    dir,
    env,
    store,
    worker(extra = {}, study = PLUGIN) {
      const child = startWorker({ cwd: dir, env: { ...env, ...extra }, args: ['--study', study] });
      children.push(child);
      return child;
    },
    async manifest(runId) {
      return (await store.getJson<RunManifest>(`runs/${runId}/manifest.json`))!;
    },
    stage(runId, stage) {
      return store.getJson<StageOutput>(`runs/${runId}/stages/${stage}.json`);
    },
    trialQueue() {
      return (queue ??= new Queue(TRIAL_QUEUE, { connection, prefix }));
    },
    stageQueue() {
      return (stageQueue ??= new Queue(GATHER_QUEUE, { connection, prefix }));
    },
    async cleanup() {
      await Promise.all(children.map((child) => stopProcess(child)));
      await queue?.close();
      await stageQueue?.close();
      connection.disconnect();
      await deletePrefix(prefix);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
