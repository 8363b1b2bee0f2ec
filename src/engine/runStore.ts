import type { ObjectStore } from '../store/objectStore.js';
import { runKeys } from './runLayout.js';
import type { RunManifest, StageOutput } from './runManifest.js';

/** Typed reads and writes of a run's bookkeeping objects. */
export async function readManifest(store: ObjectStore, runId: string): Promise<RunManifest> {
  const manifest = await store.getJson<RunManifest>(runKeys.manifest(runId));
  if (manifest === null) throw new Error(`no run '${runId}' in ${store.description}`);
  return manifest;
}

export function writeManifest(store: ObjectStore, manifest: RunManifest): Promise<void> {
  return store.putJson(runKeys.manifest(manifest.runId), manifest);
}

export function readStageOutput(store: ObjectStore, runId: string, stage: string): Promise<StageOutput | null> {
  return store.getJson<StageOutput>(runKeys.stage(runId, stage));
}

export async function readStageOutputs(store: ObjectStore, manifest: RunManifest): Promise<Map<string, StageOutput>> {
  const outputs = await Promise.all(manifest.dag.stages.map((s) => readStageOutput(store, manifest.runId, s.name)));
  const byStage = new Map<string, StageOutput>();
  outputs.forEach((output, i) => {
    if (output !== null) byStage.set(manifest.dag.stages[i].name, output);
  });
  return byStage;
}
