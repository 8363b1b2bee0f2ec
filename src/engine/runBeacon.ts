import type { EngineContext } from './engineContext.js';
import type { RunManifest, RunStatus } from './runManifest.js';
import { runStatusSchema } from './runManifest.js';
import { writeManifest } from './runStore.js';

/**
 * A run's state in Redis beside its manifest: its status and when a trial of it last started or
 * finished. Watchers read it instead of polling the store; it is a copy, the manifest rules.
 */
export interface RunBeacon {
  readonly status?: RunStatus;
  /** How many times the run's stages were dropped to run again (runDrops): a watcher reads the manifest anew when it grows. */
  readonly drops?: number;
  /** Epoch ms of the run's last progress. */
  readonly progressAt?: number;
}

function beaconKey(engine: EngineContext, runId: string): string {
  return engine.key('run', runId);
}

/** Writes the manifest, then its status to the beacon. */
export async function saveRunStatus(engine: EngineContext, manifest: RunManifest): Promise<void> {
  await writeManifest(engine.store, manifest);
  await engine.connection.hset(beaconKey(engine, manifest.runId), { status: manifest.status, drops: runDrops(manifest), progressAt: Date.now() });
}

/** The sum of the stages' generations: it grows with every stage dropped to run again. */
export function runDrops(manifest: RunManifest): number {
  return Object.values(manifest.generations ?? {}).reduce((sum, generation) => sum + generation, 0);
}

export async function markProgress(engine: EngineContext, runId: string): Promise<void> {
  await engine.connection.hset(beaconKey(engine, runId), 'progressAt', Date.now());
}

export async function readBeacon(engine: EngineContext, runId: string): Promise<RunBeacon> {
  const fields = await engine.connection.hgetall(beaconKey(engine, runId));
  const status = runStatusSchema.safeParse(fields.status);
  const progressAt = Number(fields.progressAt);
  const drops = Number(fields.drops);
  return {
    status: status.success ? status.data : undefined,
    drops: Number.isInteger(drops) ? drops : undefined,
    progressAt: Number.isFinite(progressAt) ? progressAt : undefined,
  };
}
