import { studyOfRun } from '../api/studyModules.js';
import { listRuns } from '../dashboard/runList.js';
import { cliEngine } from './cliEnvironment.js';
import { formatSeconds } from './runEta.js';

/** `sweepflow runs [--json]`: every run in the store, newest first. */
export async function runsCommand(options: { readonly json?: boolean }): Promise<number> {
  const engine = cliEngine();
  try {
    const runs = await listRuns(engine, async (manifest) => (await studyOfRun(manifest)).study);
    if (options.json) {
      console.log(JSON.stringify(runs, null, 2));
      return 0;
    }
    if (runs.length === 0) console.log(`no runs in ${engine.store.description}`);
    for (const run of runs) {
      const notDone = [
        run.failedTrials > 0 ? `${run.failedTrials} failed` : '',
        (run.upstreamFailedTrials ?? 0) > 0 ? `${run.upstreamFailedTrials} upstream-failed` : '',
        (run.cancelledTrials ?? 0) > 0 ? `${run.cancelledTrials} cancelled` : '',
      ].filter((part) => part !== '');
      const trials = `${run.doneTrials}/${run.totalTrials} trials${notDone.length > 0 ? ` (${notDone.join(', ')})` : ''}`;
      const duration = run.durationS === undefined ? '' : formatSeconds(run.durationS);
      console.log([run.runId, run.study ?? '?', run.status, run.created, duration, trials, run.best ?? run.problem ?? ''].join('  '));
    }
    return 0;
  } finally {
    await engine.close();
  }
}
