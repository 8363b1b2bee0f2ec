import { resolve } from 'node:path';
import { rerunRun } from '../engine/rerunRun.js';
import { readManifest } from '../engine/runStore.js';
import { assertSafeId } from '../store/objectStore.js';
import { cliStore } from './cliEnvironment.js';
import { superviseRun, type SuperviseOptions } from './superviseRun.js';

export interface RerunOptions extends SuperviseOptions {
  readonly stage?: string;
}

/**
 * `sweepflow rerun <runId> [--stage NAME]`: run again what failed or was cancelled (or one stage and its
 * dependents) and finish the run; its files go to `--out`, else to the folder `run --out` recorded.
 */
export async function rerunCommand(runId: string, options: RerunOptions): Promise<number> {
  assertSafeId(runId, 'run id');
  // Workers it starts must serve the run's study, wherever that study's module is.
  const { studyModule } = await readManifest(cliStore(), runId);
  return superviseRun({ ...options, studyModules: studyModule === undefined ? [] : [studyModule] }, async (engine) => {
    const plan = await rerunRun(engine, runId, options.stage, options.out === undefined ? undefined : resolve(options.out));
    for (const { stage, error } of plan.unreadable) console.error(`sweepflow: stage ${stage}'s stored output is unreadable (${error.message}); gathering it again`);
    console.log(
      plan.stages.length === 0
        ? `run ${runId}: no failed stage; resuming whatever had not settled`
        : `run ${runId}: running again ${plan.stages.join(', ')}`,
    );
    return plan.manifest;
  });
}
