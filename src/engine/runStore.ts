import { SweepflowError } from '../sweepflowError.js';
import type { ObjectStore } from '../store/objectStore.js';
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

export async function readStageOutput(store: ObjectStore, runId: string, stage: string): Promise<StageOutput | null> {
  const stored = await store.getJson<unknown>(runKeys.stage(runId, stage));
  if (stored === null) return null;
  const parsed = stageOutputSchema.safeParse(stored);
  if (!parsed.success) throw new SweepflowError(`run '${runId}': stages/${stage}.json is not a stage output (${describeIssues(parsed.error)})`);
  return parsed.data;
}

/** Every settled stage's output; those in `known` (read or written by the caller already) are not read again. */
export async function readStageOutputs(store: ObjectStore, manifest: RunManifest, known: ReadonlyMap<string, StageOutput> = new Map()): Promise<Map<string, StageOutput>> {
  const outputs = await Promise.all(manifest.dag.stages.map((s) => known.get(s.name) ?? readStageOutput(store, manifest.runId, s.name)));
  const byStage = new Map<string, StageOutput>();
  outputs.forEach((output, i) => {
    if (output !== null) byStage.set(manifest.dag.stages[i].name, output);
  });
  return byStage;
}

