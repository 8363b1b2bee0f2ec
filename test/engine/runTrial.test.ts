import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJobKind } from '../../src/engine/jobKind.js';
import { runKeys } from '../../src/engine/runLayout.js';
import { runTrial } from '../../src/engine/runTrial.js';
import { defineStudy, type Study } from '../../src/engine/study.js';
import type { TrialPayload } from '../../src/engine/trialPayload.js';
import { FolderStore } from '../../src/store/folderStore.js';
import { isRetryable, SweepflowError } from '../../src/sweepflowError.js';

const payload = (key: string, over: Partial<TrialPayload> = {}): TrialPayload => ({
  runId: 'r1',
  study: 'counting',
  stage: 's',
  kind: 'count',
  params: { by: 1 },
  key,
  upstream: {},
  force: false,
  ...over,
});

describe('runTrial: the cache, the study and the kind a job names, its params (folder store)', () => {
  let dir: string;
  let store: FolderStore;
  let computed = 0;
  const count = defineJobKind({
    name: 'count',
    module: import.meta.url,
    params: z.strictObject({ by: z.number().int().positive() }),
    reads: [],
    run: async (context) => ({ computed: (computed += context.params.by) }),
    metrics: (result) => ({ computed: result.computed, inverse: 1 / result.computed }),
  });
  const bytes = defineJobKind({
    name: 'bytes',
    module: import.meta.url,
    params: z.strictObject({ n: z.number().int().positive() }),
    reads: [],
    run: async (context) => ({ n: context.params.n, table: Buffer.from(new Float64Array([0.1, -2.5, context.params.n]).buffer), nested: [{ b: Buffer.from('xyz') }] }),
  });
  const reader = defineJobKind({
    name: 'reader',
    module: import.meta.url,
    params: z.strictObject({}),
    reads: ['made', 'other'],
    run: async (context) => {
      const made = await context.upstream<{ n: number; table: Buffer; nested: { b: Buffer }[] }>('made');
      return made.map(({ params, result }) => ({ params, n: result.n, last: new Float64Array(result.table.buffer, result.table.byteOffset, 3)[2], b: result.nested[0].b.toString() }));
    },
  });
  const readsOther = defineJobKind({ name: 'reads-other', module: import.meta.url, params: z.strictObject({}), reads: ['made', 'other'], run: async (context) => context.upstream('other') });
  const study = defineStudy({
    id: 'counting',
    title: 'counts',
    config: z.object({}),
    profiles: { only: {} },
    defaultProfile: 'only',
    inspect: async () => ({}),
    dag: () => [],
    kinds: [count, bytes, reader, readsOther],
  });
  const studies = new Map<string, Study>([['counting', study as Study]]);

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
    // Metrics are read off the cached result too; a non-finite one (1/0) is left out.
    expect(await runTrial(store, studies, payload(key), () => undefined)).toEqual({ key, cached: true, ms: 0, metrics: { computed: 0 } });
    expect(computed).toBe(0);
  });

  it('computes again over a truncated object a cut upload left behind', async () => {
    const key = 'b'.repeat(64);
    await store.put(runKeys.cache(key), '{"table": "AAAA');
    expect(await runTrial(store, studies, payload(key), () => undefined)).toMatchObject({ cached: false, metrics: { computed: 1, inverse: 1 } });
    expect(await store.getJson(runKeys.cache(key))).toEqual({ computed: 1 });
  });

  it.each([
    ['a study this worker does not serve', { study: 'elsewhere' }, "study 'elsewhere' is not installed on this worker (it serves: counting)"],
    ['a kind the study does not have', { kind: 'sum' }, "study 'counting' has no job kind 'sum'"],
    ['params its kind refuses', { params: { by: 0 } }, "job kind 'count': invalid params: by: Too small: expected number to be >0"],
    ['params its kind does not know', { params: { by: 1, extra: true } }, 'job kind \'count\': invalid params: (root): Unrecognized key: "extra"'],
  ])('refuses %s at once, without retry and without caching', async (_, over, message) => {
    const key = 'c'.repeat(64);
    const refused = runTrial(store, studies, payload(key, over as Partial<TrialPayload>), () => undefined).catch((e: unknown) => e);
    const error = await refused;
    expect(error).toBeInstanceOf(SweepflowError);
    expect(isRetryable(error)).toBe(false);
    expect((error as Error).message).toContain(message);
    expect(await store.exists(runKeys.cache(key))).toBe(false);
  });

  it('stores the bytes in a result as one binary object beside its JSON, and reads them back as Buffers', async () => {
    const key = 'd'.repeat(64);
    await runTrial(store, studies, payload(key, { kind: 'bytes', params: { n: 7 } }), () => undefined);
    const stored = (await store.getJson<Record<string, unknown>>(runKeys.cache(key)))!;
    // 24 bytes of table, then 'xyz' padded to the next 8-byte boundary.
    expect(stored.$binaryBytes).toBe(32);
    expect(JSON.stringify(stored)).not.toContain('xyz');
    expect((await store.get(runKeys.cacheBinary(key)))!.subarray(24, 27).toString()).toBe('xyz');
    // A downstream trial gets its upstream through the pointers in its payload, bytes intact.
    const read = await runTrial(store, studies, payload('e'.repeat(64), { kind: 'reader', params: {}, upstream: { made: [{ params: { n: 7 }, key }] } }), () => undefined);
    expect(await store.getJson(runKeys.cache(read.key))).toEqual([{ params: { n: 7 }, n: 7, last: 7, b: 'xyz' }]);
  });

  it('computes again a result whose binary object is missing', async () => {
    const key = 'f'.repeat(64);
    await runTrial(store, studies, payload(key, { kind: 'bytes', params: { n: 1 } }), () => undefined);
    await store.delete(runKeys.cacheBinary(key));
    expect(await runTrial(store, studies, payload(key, { kind: 'bytes', params: { n: 1 } }), () => undefined)).toMatchObject({ cached: false });
    expect(await store.exists(runKeys.cacheBinary(key))).toBe(true);
  });

  it('refuses to read a stage its payload carries no pointers for, even one its kind declares', async () => {
    const error = await runTrial(store, studies, payload('0'.repeat(64), { kind: 'reads-other', params: {}, upstream: { made: [] } }), () => undefined).catch((e: unknown) => e);
    expect((error as Error).message).toBe("job kind 'reads-other' of stage 's' reads stage 'other', which it does not declare");
  });
});
