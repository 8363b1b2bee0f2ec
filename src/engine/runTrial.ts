import type { ObjectStore } from '../store/objectStore.js';
import { runKeys } from './runLayout.js';
import { trialJobId } from './jobIds.js';
import type { RunManifest, StageOutput } from './runManifest.js';
import { TrialInputError, type ProcessorRegistry, type TrialContext, type UpstreamTrial } from './trialProcessor.js';
import type { TrialPayload, TrialReturn } from './trialPayload.js';

/** Results read in this thread, by content key: upstream results are immutable. */
const resultMemo = new Map<string, Promise<unknown>>();
const MEMO_LIMIT = 64;

/** Runs one trial unless the store already holds its result, and stores what it computes. */
export async function runTrial(
  store: ObjectStore,
  processors: ProcessorRegistry,
  payload: TrialPayload,
  progress: (value: number | object) => void,
): Promise<TrialReturn> {
  const started = Date.now();
  const cacheKey = runKeys.cache(payload.key);
  if (!payload.force && (await holdsWholeResult(store, cacheKey))) return { key: payload.key, cached: true, ms: 0 };
  const processor = processors[payload.kind];
  if (processor === undefined) throw new TrialInputError(`no processor for job kind '${payload.kind}'`);
  injectedFailure(payload);
  const result = await processor(trialContext(store, payload, progress));
  await store.putJson(cacheKey, result);
  return { key: payload.key, cached: false, ms: Date.now() - started };
}

/**
 * A cached result counts only if it reads back as JSON: an upload cut by an outage can leave a
 * truncated object behind (s3rver keeps one), which is then computed and written again.
 */
async function holdsWholeResult(store: ObjectStore, key: string): Promise<boolean> {
  const body = await store.get(key);
  if (body === null) return false;
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

function trialContext(
  store: ObjectStore,
  payload: TrialPayload,
  progress: (value: number | object) => void,
): TrialContext {
  let manifest: Promise<RunManifest> | undefined;
  const readManifest = () =>
    (manifest ??= store.getJson<RunManifest>(runKeys.manifest(payload.runId)).then((m) => {
      if (m === null) throw new TrialInputError(`run '${payload.runId}' has no manifest`);
      return m;
    }));
  return {
    runId: payload.runId,
    stage: payload.stage,
    params: payload.params,
    store,
    manifest: readManifest,
    progress,
    async dataset() {
      const { dataset } = await readManifest();
      const bytes = await store.get(dataset.key);
      if (bytes === null) throw new Error(`dataset ${dataset.key} is missing from the store`);
      return bytes;
    },
    async upstream<R>(stage: string): Promise<UpstreamTrial<R>[]> {
      const output = await store.getJson<StageOutput>(runKeys.stage(payload.runId, stage));
      if (output === null) throw new Error(`stage '${stage}' of run '${payload.runId}' has not finished`);
      return Promise.all(
        output.trials.map(async (trial) => ({ params: trial.params, result: (await cachedResult(store, trial.key)) as R })),
      );
    },
  };
}

function cachedResult(store: ObjectStore, key: string): Promise<unknown> {
  let result = resultMemo.get(key);
  if (result === undefined) {
    result = store.getJson(runKeys.cache(key)).then((value) => {
      if (value === null) throw new Error(`result ${key} is missing from the store`);
      return value;
    });
    result.catch(() => resultMemo.delete(key));
    if (resultMemo.size >= MEMO_LIMIT) resultMemo.delete(resultMemo.keys().next().value!);
    resultMemo.set(key, result);
  }
  return result;
}

/**
 * Chaos testing: SWEEPFLOW_FAIL_TRIALS=<regex> makes every trial whose job id matches fail,
 * as a crashed computation would, so failure handling and `rerun` can be exercised for real.
 */
function injectedFailure(payload: TrialPayload): void {
  const pattern = process.env.SWEEPFLOW_FAIL_TRIALS;
  if (!pattern) return;
  const jobId = trialJobId(payload.runId, payload.stage, payload.params);
  if (new RegExp(pattern).test(jobId)) throw new Error(`injected failure for ${jobId} (SWEEPFLOW_FAIL_TRIALS)`);
}
