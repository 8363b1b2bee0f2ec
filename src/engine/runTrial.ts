import { SweepflowError } from '../sweepflowError.js';
import type { ObjectStore } from '../store/objectStore.js';
import { describeIssues } from './dag.js';
import type { JobKind } from './jobKind.js';
import { runKeys } from './runLayout.js';
import type { RunManifest } from './runManifest.js';
import type { Study } from './study.js';
import type { TrialContext, UpstreamTrial } from './trialContext.js';
import { finiteMetrics, type TrialMetrics } from './trialMetrics.js';
import type { TrialPayload, TrialReturn } from './trialPayload.js';
import { holdsTrialResult, readTrialResult, writeTrialResult } from './trialResultStore.js';
import { TrialStoreView } from './trialStoreView.js';

/** Runs one trial unless the store already holds its result, and stores what it computes. */
export async function runTrial(
  threadStore: ObjectStore,
  studies: ReadonlyMap<string, Study>,
  payload: TrialPayload,
  progress: (value: number | object) => void,
): Promise<TrialReturn> {
  const started = Date.now();
  const kind = jobKindOf(studies, payload);
  const parsed = kind.params.safeParse(payload.params);
  if (!parsed.success) throw new SweepflowError(`job kind '${kind.name}': invalid params: ${describeIssues(parsed.error)}`);
  // Everything the trial reads, its kind included, is fetched once (trialStoreView.ts).
  const store = new TrialStoreView(threadStore);
  const context = trialContext(store, payload, kind, parsed.data, progress);
  // Asked of the store itself: a result removed from it since this thread read or wrote it is computed again.
  if (!payload.force && (await holdsTrialResult(threadStore, payload.key))) {
    return { key: payload.key, cached: true, ms: 0, metrics: kind.metrics === undefined ? {} : metricsOf(kind, await readTrialResult(store, payload.key)) };
  }
  // Every upstream result is asked for at once, in one round trip, before the kind reads them stage after stage.
  for (const trials of Object.values(payload.upstream)) for (const trial of trials) upstreamResult(store, trial.key).catch(() => undefined);
  const result = await kind.run(context);
  await writeTrialResult(store, payload.key, result);
  return { key: payload.key, cached: false, ms: Date.now() - started, metrics: metricsOf(kind, result) };
}

function metricsOf(kind: JobKind, result: unknown): TrialMetrics {
  return kind.metrics === undefined ? {} : finiteMetrics(kind.metrics(result));
}

/** The payload's job kind, in a study this worker serves: anything else fails at once, naming what is missing. */
function jobKindOf(studies: ReadonlyMap<string, Study>, payload: TrialPayload): JobKind {
  const study = studies.get(payload.study);
  if (study === undefined) {
    const served = [...studies.keys()].join(', ') || 'none';
    throw new SweepflowError(`study '${payload.study}' is not installed on this worker (it serves: ${served}); start workers with --study <module>`);
  }
  const kind = study.kinds.find((k) => k.name === payload.kind);
  if (kind === undefined) throw new SweepflowError(`study '${study.id}' has no job kind '${payload.kind}'`);
  return kind;
}

function trialContext<P>(
  store: ObjectStore,
  payload: TrialPayload,
  kind: JobKind,
  params: P,
  progress: (value: number | object) => void,
): TrialContext<P> {
  let manifest: Promise<RunManifest> | undefined;
  const readManifest = () =>
    (manifest ??= store.getJson<RunManifest>(runKeys.manifest(payload.runId)).then((m) => {
      if (m === null) throw new SweepflowError(`run '${payload.runId}' has no manifest in ${store.description}`);
      return m;
    }));
  return {
    runId: payload.runId,
    stage: payload.stage,
    params,
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
      // The payload holds the pointers of exactly the stages its stage needs: all read at once, each once per thread.
      if (!kind.reads.includes(stage) || !Object.hasOwn(payload.upstream, stage)) throw undeclaredRead(kind, payload.stage, stage);
      return Promise.all(
        payload.upstream[stage].map(async (trial) => ({ params: trial.params, result: (await upstreamResult(store, trial.key)) as R })),
      );
    },
  };
}

function undeclaredRead(kind: JobKind, ofStage: string, stage: string): SweepflowError {
  return new SweepflowError(`job kind '${kind.name}' of stage '${ofStage}' reads stage '${stage}', which it does not declare`);
}

/**
 * Upstream results this thread decoded lately, by content key, shared by its trials: a result
 * never changes and kinds only read it, so the many trials of a thread decode a prepared
 * table once and the decoded designs and splits cached on it (recipeInputs.ts) are reused.
 */
const decodedResults = new Map<string, Promise<unknown>>();
const DECODED_LIMIT = 64;

/** An upstream result, read and decoded once per thread (decodedResults). */
function upstreamResult(store: ObjectStore, key: string): Promise<unknown> {
  let result = decodedResults.get(key);
  if (result === undefined) {
    result = readTrialResult(store, key).then((value) => {
      if (value === null) throw new Error(`result ${key} is missing from the store`);
      return value;
    });
    result.catch(() => decodedResults.get(key) === result && decodedResults.delete(key));
    if (decodedResults.size >= DECODED_LIMIT) decodedResults.delete(decodedResults.keys().next().value!);
    decodedResults.set(key, result);
  }
  return result;
}
