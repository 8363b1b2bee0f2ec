import { SweepflowError } from '../sweepflowError.js';
import { decodeJson, type ObjectStore } from '../store/objectStore.js';
import { describeIssues } from './dag.js';
import { runKeys } from './runLayout.js';
import { runManifestSchema, stageOutputSchema, type RunManifest, type StageOutput } from './runManifest.js';

/** Typed reads and writes of a run's bookkeeping objects, checked by their schemas where they enter. */
export async function readManifest(store: ObjectStore, runId: string): Promise<RunManifest> {
  const stored = await store.getJson<unknown>(runKeys.manifest(runId));
  if (stored === null) throw new SweepflowError(`no run '${runId}' in ${store.description}`);
  const parsed = runManifestSchema.safeParse(stored);
  if (!parsed.success) throw new SweepflowError(`run '${runId}': manifest.json is not a run manifest (${describeIssues(parsed.error)})`);
  return parsed.data;
}

export function writeManifest(store: ObjectStore, manifest: RunManifest): Promise<void> {
  return store.putJson(runKeys.manifest(manifest.runId), manifest);
}

/** A stage's output as read: absent (null), the output, or bytes that are not one, with the error that says so. */
type StageOutputRead = StageOutput | null | { readonly unreadable: Error };

async function tryReadStageOutput(store: ObjectStore, runId: string, stage: string): Promise<StageOutputRead> {
  const key = runKeys.stage(runId, stage);
  // A store fault propagates as itself (it may be retried); only bytes that are not JSON are unreadable.
  const bytes = await store.get(key);
  let stored: unknown;
  try {
    stored = decodeJson<unknown>(key, bytes);
  } catch (error) {
    return { unreadable: error as Error };
  }
  if (stored === null) return null;
  const parsed = stageOutputSchema.safeParse(stored);
  if (!parsed.success) return { unreadable: new SweepflowError(`run '${runId}': stages/${stage}.json is not a stage output (${describeIssues(parsed.error)})`) };
  return parsed.data;
}

export async function readStageOutput(store: ObjectStore, runId: string, stage: string): Promise<StageOutput | null> {
  const read = await tryReadStageOutput(store, runId, stage);
  if (read !== null && 'unreadable' in read) throw read.unreadable;
  return read;
}

/** A stage output in the store that cannot be read back as one: a damaged object, or a non-atomic S3 server cut mid-PUT. */
export interface UnreadableStageOutput {
  readonly stage: string;
  readonly error: Error;
}

/**
 * Every settled stage's output, and the stages whose stored output is unreadable (which a rerun
 * gathers again); those in `known` (read or written by the caller already) are not read again.
 */
export async function readStoredStages(
  store: ObjectStore,
  manifest: RunManifest,
  known: ReadonlyMap<string, StageOutput> = new Map(),
): Promise<{ outputs: Map<string, StageOutput>; unreadable: UnreadableStageOutput[] }> {
  const reads = await Promise.all(manifest.dag.stages.map((s) => known.get(s.name) ?? tryReadStageOutput(store, manifest.runId, s.name)));
  const outputs = new Map<string, StageOutput>();
  const unreadable: UnreadableStageOutput[] = [];
  reads.forEach((read, i) => {
    const stage = manifest.dag.stages[i].name;
    if (read === null) return;
    if ('unreadable' in read) unreadable.push({ stage, error: read.unreadable });
    else outputs.set(stage, read);
  });
  return { outputs, unreadable };
}

/** Every settled stage's output, as readStoredStages reads them; an unreadable one is an error. */
export async function readStageOutputs(store: ObjectStore, manifest: RunManifest, known?: ReadonlyMap<string, StageOutput>): Promise<Map<string, StageOutput>> {
  const { outputs, unreadable } = await readStoredStages(store, manifest, known);
  if (unreadable.length > 0) throw unreadable[0].error;
  return outputs;
}
