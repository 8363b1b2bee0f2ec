import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKeys } from '../../src/engine/runLayout.js';
import { runTrial } from '../../src/engine/runTrial.js';
import type { TrialPayload } from '../../src/engine/trialPayload.js';
import { FolderStore } from '../../src/store/folderStore.js';

const payload = (key: string): TrialPayload => ({ runId: 'r1', stage: 's', kind: 'count', params: {}, key, force: false });

describe('runTrial and the result cache (folder store)', () => {
  let dir: string;
  let store: FolderStore;
  let computed = 0;
  const processors = { count: async () => ({ computed: ++computed }) };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-runtrial-'));
    store = new FolderStore(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a whole cached result without computing', async () => {
    const key = 'a'.repeat(64);
    await store.putJson(runKeys.cache(key), { computed: 0 });
    expect(await runTrial(store, processors, payload(key), () => undefined)).toMatchObject({ cached: true });
    expect(computed).toBe(0);
  });

  it('computes again over a truncated object a cut upload left behind', async () => {
    const key = 'b'.repeat(64);
    await store.put(runKeys.cache(key), '{"table": "AAAA');
    expect(await runTrial(store, processors, payload(key), () => undefined)).toMatchObject({ cached: false });
    expect(await store.getJson(runKeys.cache(key))).toEqual({ computed: 1 });
  });
});
