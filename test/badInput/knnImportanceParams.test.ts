import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKeys } from '../../src/engine/runLayout.js';
import { runTrial } from '../../src/engine/runTrial.js';
import type { Study } from '../../src/engine/study.js';
import { FolderStore } from '../../src/store/folderStore.js';
import { isRetryable } from '../../src/sweepflowError.js';
import movieStudy from '../../studies/movies/study.js';

describe('a knn-importance job naming no known model', () => {
  let dir: string;
  let store: FolderStore;
  const studies = new Map<string, Study>([['movies', movieStudy as Study]]);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-knnimportance-'));
    store = new FolderStore(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([['best'], [undefined]])('is refused as bad input, nothing cached (model %s)', async (model) => {
    const key = 'c'.repeat(64);
    const split = { testSize: 0.25, randomState: 3001 };
    const params = { model, feature: 'budget', split, nRepeats: 2 };
    const payload = { runId: 'r1', study: 'movies', stage: 'knn-importance', kind: 'knn-importance', params, key, force: false };
    const error = await runTrial(store, studies, payload as never, () => undefined).catch((e: unknown) => e);
    expect(isRetryable(error)).toBe(false);
    expect((error as Error).message).toMatch(/^job kind 'knn-importance': invalid params: model: /);
    expect(await store.exists(runKeys.cache(key))).toBe(false);
  });
});
