import { liveTrialTable } from '../engine/liveTrialTable.js';
import { assertSafeId } from '../store/objectStore.js';
import { SweepflowError } from '../sweepflowError.js';
import { cliEngine } from './cliEnvironment.js';
import { trialTableCsv } from './trialTableCsv.js';

export interface TrialsOptions {
  readonly format: string;
}

/** `sweepflow trials <runId> [--format csv|json]`: every trial of the run with its params, state and metrics. */
export async function trialsCommand(runId: string, options: TrialsOptions): Promise<number> {
  assertSafeId(runId, 'run id');
  if (options.format !== 'csv' && options.format !== 'json') throw new SweepflowError(`--format '${options.format}': use csv or json`);
  const engine = cliEngine();
  try {
    const { rows } = await liveTrialTable(engine, runId);
    process.stdout.write(options.format === 'csv' ? trialTableCsv(rows) : `${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  } finally {
    await engine.close();
  }
}
