import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { stageOf } from '../../src/engine/dag.js';
import { defineJobKind } from '../../src/engine/jobKind.js';
import { defineStudy } from '../../src/engine/study.js';
import { GATHER_QUEUE, TRIAL_QUEUE } from '../../src/engine/engineConfig.js';
import { EngineContext } from '../../src/engine/engineContext.js';
import { advanceRun } from '../../src/engine/advanceRun.js';
import { stageJobId } from '../../src/engine/jobIds.js';
import { planRun, submitRun } from '../../src/engine/submitRun.js';
import { FolderStore } from '../../src/store/folderStore.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../support/redisPrefix.js';

const noop = defineJobKind({ name: 'noop', module: import.meta.url, params: z.strictObject({ i: z.number() }), reads: [], run: async () => ({}) });
const STUDY = defineStudy({
  id: 'submission-test',
  title: 'two stages of no-ops',
  config: z.object({}),
  profiles: { only: {} },
  defaultProfile: 'only',
  inspect: async () => ({}),
  dag: () => [stageOf(noop, { name: 'first', trials: [{ i: 1 }] }), stageOf(noop, { name: 'second', trials: [{ i: 1 }, { i: 2 }] })],
  kinds: [noop],
});

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
});
