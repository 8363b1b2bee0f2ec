import { randomBytes } from 'node:crypto';
import { codeVersion } from './codeVersion.js';
import { validateDag, type DagDef } from './dag.js';
import type { EngineContext } from './engineContext.js';
import { advanceRun } from './advanceRun.js';
import { assertSafeId, runKeys } from './runLayout.js';
import type { RunManifest } from './runManifest.js';
import { writeManifest } from './runStore.js';

export interface RunRequest {
  readonly dag: DagDef;
  readonly config: unknown;
  readonly dataset: { readonly bytes: Buffer; readonly sha256: string; readonly file: string };
  readonly runId?: string;
}

/** A new run id: sortable by time, unique enough for many users on one Redis. */
export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
}

/** Stores the dataset and the run's manifest, then submits the stages that can start. */
export async function submitRun(engine: EngineContext, request: RunRequest): Promise<RunManifest> {
  validateDag(request.dag);
  const runId = request.runId ?? newRunId();
  assertSafeId(runId, 'run id');
  const datasetKey = runKeys.dataset(request.dataset.sha256);
  if (!(await engine.store.exists(datasetKey))) await engine.store.put(datasetKey, request.dataset.bytes, 'text/csv');
  const manifest: RunManifest = {
    runId,
    study: request.dag.study,
    config: request.config,
    dataset: { sha256: request.dataset.sha256, file: request.dataset.file, key: datasetKey },
    codeVersion: codeVersion(),
    created: new Date().toISOString(),
    status: 'running',
    dag: request.dag,
  };
  await writeManifest(engine.store, manifest);
  return advanceRun(engine, runId);
}
