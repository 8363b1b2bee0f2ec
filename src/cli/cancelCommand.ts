import { cancelRun } from '../engine/cancelRun.js';
import { assertSafeId } from '../store/objectStore.js';
import { cliEngine } from './cliEnvironment.js';

/** `sweepflow cancel <runId> [--wait]`: cancels a running run; `rerun` resumes it. */
export async function cancelCommand(runId: string, options: { readonly wait?: boolean }): Promise<number> {
  assertSafeId(runId, 'run id');
  const engine = cliEngine();
  try {
    if (options.wait) console.log(`run ${runId}: cancelling; waiting for running trials to finish`);
    const { removed, running } = await cancelRun(engine, runId, options.wait ?? false);
    const runningText = running === 0 ? '' : options.wait ? `, ${running} running trial(s) finished and kept` : `, ${running} running trial(s) abandoned`;
    console.log(`run ${runId} cancelled: ${removed} queued trial(s) removed${runningText}; resume with \`sweepflow rerun ${runId}\``);
    return 0;
  } finally {
    await engine.close();
  }
}
