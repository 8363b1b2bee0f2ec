import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { loadStudyRef } from '../../src/api/studyModules.js';
import { watchRun } from '../../src/cli/watchRun.js';
import { EngineContext } from '../../src/engine/engineContext.js';
import { planRun, submitRun } from '../../src/engine/submitRun.js';
import type { ObjectStore } from '../../src/store/objectStore.js';
import { deployment, PACED, POINTS, type Deployment } from './lifecycleFixture.js';

/** The deployment's folder store, counting the reads made through it. */
function countingReads(store: ObjectStore): { store: ObjectStore; reads: () => number } {
  let reads = 0;
  const counted = <A extends unknown[], R>(read: (...args: A) => Promise<R>) => (...args: A) => {
    reads += 1;
    return read(...args);
  };
  return {
    reads: () => reads,
    store: {
      description: store.description,
      put: store.put.bind(store),
      putJson: store.putJson.bind(store),
      delete: store.delete.bind(store),
      get: counted(store.get.bind(store)),
      getJson: <T>(key: string) => counted(() => store.getJson<T>(key))(),
      exists: counted(store.exists.bind(store)),
      list: counted(store.list.bind(store)),
    },
  };
}

describe("watching a run's progress", { timeout: 60_000 }, () => {
  let d: Deployment | undefined;
  let engine: EngineContext | undefined;
  afterEach(async () => {
    await engine?.close();
    await d?.cleanup();
    d = undefined;
  });

  it('reads Redis, not the store: at most one store read per second while it watches', async () => {
    d = await deployment('watchreads');
    const counting = countingReads(d.store);
    engine = new EngineContext({ redisUrl: d.env.REDIS_URL!, prefix: d.env.SWEEPFLOW_PREFIX! }, counting.store);
    const { study } = await loadStudyRef(PACED);
    const bytes = await readFile(POINTS);
    const plan = await planRun({ study, overrides: { trials: 24, ms: 1000 }, dataset: { file: POINTS, bytes, sha256: createHash('sha256').update(bytes).digest('hex') } });
    const { runId } = await submitRun(engine, plan);
    d.worker({}, PACED);
    d.worker({}, PACED);

    const before = counting.reads();
    const started = Date.now();
    const watched = await watchRun(engine, runId, () => false);
    const seconds = (Date.now() - started) / 1000;
    const reads = counting.reads() - before;
    if (watched.ended !== 'settled') throw new Error(`the watch ended ${watched.ended}`);
    console.log(`watch: ${reads} store reads in ${seconds.toFixed(1)} s`);
    expect(watched.progress.manifest.status).toBe('completed');
    expect(seconds).toBeGreaterThan(3);
    // The manifest (at the start and when the beacon says the run settled), each stage's output once, a probe every 2 s.
    expect(reads).toBe(watched.storeReads);
    expect(reads / seconds, `${reads} store reads in ${seconds.toFixed(1)} s`).toBeLessThanOrEqual(1);
    expect(watched.progress.stages.map((s) => [s.stage, s.state, s.computed])).toEqual([['pace', 'done', 24], ['pace-total', 'done', 1]]);
  });
});
