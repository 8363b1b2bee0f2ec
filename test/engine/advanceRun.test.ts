import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { stageOf, type StageDef } from '../../src/engine/dag.js';
import { defineJobKind, type JobKind } from '../../src/engine/jobKind.js';
import { defineStudy } from '../../src/engine/study.js';
import { GATHER_QUEUE, TRIAL_QUEUE } from '../../src/engine/engineConfig.js';
import { EngineContext } from '../../src/engine/engineContext.js';
import { advanceRun } from '../../src/engine/advanceRun.js';
import { stageJobId } from '../../src/engine/jobIds.js';
import { planRun, submitRun } from '../../src/engine/submitRun.js';
import { runKeys } from '../../src/engine/runLayout.js';
import type { StageOutput } from '../../src/engine/runManifest.js';
import { markSettled } from '../../src/engine/settledStages.js';
import { FolderStore } from '../../src/store/folderStore.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../support/redisPrefix.js';

/** A no-op kind reading `reads`: what it computes does not matter here, only how stages are submitted. */
const noopKind = (name: string, reads: string[]) =>
  defineJobKind({ name, module: import.meta.url, params: z.strictObject({ i: z.number() }), reads, run: async () => ({}) });
const testStudy = (id: string, kinds: JobKind[], dag: () => StageDef[]) =>
  defineStudy({ id, title: id, config: z.object({}), profiles: { only: {} }, defaultProfile: 'only', inspect: async () => ({}), dag, kinds });

const noop = noopKind('noop', []);
const STUDY = testStudy('submission-test', [noop], () => [
  stageOf(noop, { name: 'first', trials: [{ i: 1 }] }),
  stageOf(noop, { name: 'second', trials: [{ i: 1 }, { i: 2 }] }),
]);
const [a, b, c] = [noopKind('a', []), noopKind('b', ['a']), noopKind('c', ['b'])];
const CHAIN = testStudy('chain-test', [a, b, c], () => [a, b, c].map((kind) => stageOf(kind, { trials: [{ i: 1 }] })));

/** A folder store that records every key read. */
class CountingStore extends FolderStore {
  readonly reads: string[] = [];
  override async get(key: string): Promise<Buffer | null> {
    this.reads.push(key);
    return super.get(key);
  }
}

describe('advanceRun submits each stage once, against real Redis', () => {
  const prefix = uniquePrefix('advance');
  let dir: string;
  let engine: EngineContext;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-advance-'));
    engine = new EngineContext({ redisUrl: REDIS_URL, prefix }, new FolderStore(dir));
  });
  afterAll(async () => {
    await engine.close();
    await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it('adds a stage a dead submitter had marked but not added, and nothing twice', async () => {
    const runId = 'run-marked';
    // As if a process died right after marking 'second' submitted: the marker is there, its flow is not.
    await engine.connection.set(engine.key('submitted', runId, 'second'), '1');
    const bytes = Buffer.from('title\nx\n');
    const dataset = { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), file: 'd.csv' };
    await submitRun(engine, await planRun({ study: STUDY, runId, dataset }));

    const gathers = engine.queue(GATHER_QUEUE);
    expect(await gathers.getJob(stageJobId(runId, 'first'))).toBeDefined();
    expect(await gathers.getJob(stageJobId(runId, 'second'))).toBeDefined();
    await advanceRun(engine, runId);
    const trials = await engine.queue(TRIAL_QUEUE).getJobs(['waiting', 'prioritized']);
    expect(trials.map((job) => job.id).sort()).toEqual([`${runId}.first.i=1`, `${runId}.second.i=1`, `${runId}.second.i=2`]);
  });

  it('reads from the store only the outputs of the stages it submits from', async () => {
    const store = new CountingStore(join(dir, 'counting'));
    const counting = new EngineContext({ redisUrl: REDIS_URL, prefix }, store);
    try {
      const runId = 'run-chain';
      const bytes = Buffer.from('title\nx\n');
      const dataset = { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), file: 'd.csv' };
      await submitRun(counting, await planRun({ study: CHAIN, runId, dataset }));
      // As a's gather does: its output in the store, its stage marked settled, then the run moved on.
      const output: StageOutput = { stage: 'a', trials: [{ params: { i: 1 }, key: 'f'.repeat(64), cached: false, ms: 1 }], failed: [], ms: 1, finished: new Date().toISOString() };
      await store.putJson(runKeys.stage(runId, 'a'), output);
      await markSettled(counting, runId, output);
      store.reads.length = 0;
      await advanceRun(counting, runId);
      expect(store.reads).toEqual([runKeys.manifest(runId), runKeys.stage(runId, 'a')]);
      const trial = await counting.queue(TRIAL_QUEUE).getJob(`${runId}.b.i=1`);
      expect(trial?.data.upstream).toEqual({ a: [{ params: { i: 1 }, key: 'f'.repeat(64) }] });
      expect(await counting.queue(TRIAL_QUEUE).getJob(`${runId}.c.i=1`)).toBeUndefined();
    } finally {
      await counting.close();
    }
  });
});
