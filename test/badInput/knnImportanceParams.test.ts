import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKeys } from '../../src/engine/runLayout.js';
import { runTrial } from '../../src/engine/runTrial.js';
import { TrialInputError } from '../../src/engine/trialProcessor.js';
import { FolderStore } from '../../src/store/folderStore.js';
import { processors } from '../../workers/registry.js';

describe('a knn-importance job naming no known model', () => {
  let dir: string;
  let store: FolderStore;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-knnimportance-'));
    store = new FolderStore(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([['best'], [undefined]])('is refused as bad input, nothing cached (model %s)', async (model) => {
    const key = 'c'.repeat(64);
    const payload = { runId: 'r1', stage: 'knn-importance', kind: 'knn-importance', params: { model, feature: 'budget' }, key, force: false };
    const refused = runTrial(store, processors, payload as never, () => undefined);
    await expect(refused).rejects.toThrow(TrialInputError);
    await expect(refused).rejects.toThrow(`knn-importance: model must be 'tuned' or 'untuned', got '${String(model)}'`);
    expect(await store.exists(runKeys.cache(key))).toBe(false);
  });
});
