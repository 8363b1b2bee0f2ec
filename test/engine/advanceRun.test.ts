import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DagDef } from '../../src/engine/dag.js';
import { GATHER_QUEUE, TRIAL_QUEUE } from '../../src/engine/engineConfig.js';
import { EngineContext } from '../../src/engine/engineContext.js';
import { advanceRun } from '../../src/engine/advanceRun.js';
import { stageJobId } from '../../src/engine/jobIds.js';
import { submitRun } from '../../src/engine/submitRun.js';
import { FolderStore } from '../../src/store/folderStore.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../support/redisPrefix.js';

const DAG: DagDef = {
  study: 'submission-test',
  stages: [
    { name: 'first', kind: 'noop', trials: [{ i: 1 }], needs: [] },
    { name: 'second', kind: 'noop', trials: [{ i: 1 }, { i: 2 }], needs: [] },
  ],
};

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
    await submitRun(engine, { dag: DAG, config: {}, runId, dataset: { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), file: 'd.csv' } });

    const gathers = engine.queue(GATHER_QUEUE);
    expect(await gathers.getJob(stageJobId(runId, 'first'))).toBeDefined();
    expect(await gathers.getJob(stageJobId(runId, 'second'))).toBeDefined();
    await advanceRun(engine, runId);
    const trials = await engine.queue(TRIAL_QUEUE).getJobs(['waiting', 'prioritized']);
    expect(trials.map((job) => job.id).sort()).toEqual([`${runId}.first.i=1`, `${runId}.second.i=1`, `${runId}.second.i=2`]);
  });
});
