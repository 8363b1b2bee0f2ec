import { runProgress } from '../engine/runProgress.js';
import { readStageOutputs } from '../engine/runStore.js';
import { assertSafeId } from '../store/objectStore.js';
import { cliEngine } from './cliEnvironment.js';

/** `sweepflow status <runId>`: the run's state, each stage's trials, and what failed. Exit 0 if completed. */
export async function statusCommand(runId: string): Promise<number> {
  assertSafeId(runId, 'run id');
  const engine = cliEngine();
  try {
    const { manifest, stages } = await runProgress(engine, runId);
    console.log(`run ${runId}: ${manifest.status} (created ${manifest.created}${manifest.finished ? `, finished ${manifest.finished}` : ''})`);
    const width = Math.max(...stages.map((s) => s.stage.length));
    for (const s of stages) {
      console.log(`  ${s.stage.padEnd(width)}  ${String(s.done).padStart(4)}/${s.total}  ${s.state}${s.failed > 0 ? ` (${s.failed} failed)` : ''}`);
    }
    const outputs = await readStageOutputs(engine.store, manifest);
    for (const trial of [...outputs.values()].flatMap((o) => o.failed)) {
      console.log(`  failed ${trial.jobId || JSON.stringify(trial.params)}: ${trial.reason}`);
    }
    return manifest.status === 'completed' ? 0 : 1;
  } finally {
    await engine.close();
  }
}
