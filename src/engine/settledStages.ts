import type { EngineContext } from './engineContext.js';
import type { StageOutput } from './runManifest.js';

/**
 * Which of a run's stages have settled (their output is in the store) and how many of each
 * one's trials failed, kept in Redis beside the queues: moving a run on then reads from the
 * store only the outputs it submits from, not every stage's at every gather. The store stays
 * the truth: rerun rebuilds this record from the outputs it finds there.
 */
function settledKey(engine: EngineContext, runId: string): string {
  return engine.key('settled', runId);
}

/** Called once the stage's output is in the store. */
export async function markSettled(engine: EngineContext, runId: string, output: StageOutput): Promise<void> {
  await engine.connection.hset(settledKey(engine, runId), output.stage, String(output.failed.length));
}

/** Called when stages' outputs are dropped, to run again. */
export async function unmarkSettled(engine: EngineContext, runId: string, stages: readonly string[]): Promise<void> {
  if (stages.length > 0) await engine.connection.hdel(settledKey(engine, runId), ...stages);
}

/** Settled stage → its failed trial count. */
export async function settledStages(engine: EngineContext, runId: string): Promise<Map<string, number>> {
  const entries = await engine.connection.hgetall(settledKey(engine, runId));
  return new Map(Object.entries(entries).map(([stage, failed]) => [stage, Number(failed)]));
}

/** Replaces the record with exactly these outputs (what rerun keeps). */
export async function recordSettled(engine: EngineContext, runId: string, outputs: Iterable<StageOutput>): Promise<void> {
  const key = settledKey(engine, runId);
  const transaction = engine.connection.multi().del(key);
  for (const output of outputs) transaction.hset(key, output.stage, String(output.failed.length));
  await transaction.exec();
}
