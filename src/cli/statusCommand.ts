import { summarizeRun } from '../engine/runSummary.js';
import { unsettledLines } from '../engine/trialTally.js';
import { studyOfRun } from '../api/studyModules.js';
import { assertSafeId } from '../store/objectStore.js';
import { cliEngine } from './cliEnvironment.js';
import { formatSeconds } from './runEta.js';
import { describeStage } from './watchRun.js';

/**
 * `sweepflow status <runId> [--json]`: the run's state, each stage's trials by state, and every
 * trial that did not complete (failed, upstream-failed, cancelled) with why. Exit 0 if completed.
 */
export async function statusCommand(runId: string, options: { readonly json?: boolean } = {}): Promise<number> {
  assertSafeId(runId, 'run id');
  const engine = cliEngine();
  try {
    const run = await summarizeRun(engine, runId, async ({ manifest }) => (await studyOfRun(manifest)).study);
    if (options.json) {
      console.log(JSON.stringify(run, null, 2));
    } else {
      const t = run.trials;
      console.log(`run ${runId} (${run.study}): ${run.status}, created ${run.created}${run.finished ? `, finished ${run.finished}` : ''}, ${formatSeconds(run.durationS)}`);
      console.log(`  trials: ${t.total} total, ${t.computed} computed, ${t.cached} cached, ${t.running} running, ${t.queued} queued, ${t.failed} failed, ${t.upstreamFailed} upstream-failed, ${t.cancelled} cancelled`);
      if (run.best !== undefined) console.log(`  ${run.best}`);
      console.log(`  workers: ${run.workers.length === 0 ? 'none live' : run.workers.join(', ')}`);
      const width = Math.max(...run.stages.map((s) => s.stage.length));
      for (const s of run.stages) console.log(`  ${s.stage.padEnd(width)}  ${s.state.padEnd(15)}  ${describeStage(s)}`);
      for (const line of unsettledLines(run.unsettled)) console.log(`  ${line}`);
    }
    return run.status === 'completed' ? 0 : 1;
  } finally {
    await engine.close();
  }
}
