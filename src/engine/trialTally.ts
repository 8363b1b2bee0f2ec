import { paramsSlug } from './jobIds.js';
import type { TrialParams } from './dag.js';
import { unsettledState, type StageOutput, type UnsettledState } from './runManifest.js';

/** A run's trials by state, counted apart: an upstream-failed trial is not a failure of its own. */
export interface TrialTally {
  readonly total: number;
  /** Completed by computing. */
  readonly computed: number;
  /** Completed from a result already in the store. */
  readonly cached: number;
  readonly failed: number;
  readonly upstreamFailed: number;
  readonly cancelled: number;
}

/** A trial without a result, named by stage and grid point. */
export interface UnsettledTrial {
  readonly stage: string;
  readonly name: string;
  readonly state: UnsettledState;
  readonly reason: string;
}

export function tallyTrials(total: number, outputs: Iterable<StageOutput>): TrialTally {
  const tally = { total, computed: 0, cached: 0, failed: 0, upstreamFailed: 0, cancelled: 0 };
  for (const output of outputs) {
    for (const trial of output.trials) tally[trial.cached ? 'cached' : 'computed'] += 1;
    for (const trial of output.failed) tally[COUNTER[unsettledState(trial)]] += 1;
  }
  return tally;
}

const COUNTER = { failed: 'failed', 'upstream-failed': 'upstreamFailed', cancelled: 'cancelled' } as const;

export function unsettledTrials(outputs: Iterable<StageOutput>): UnsettledTrial[] {
  return [...outputs].flatMap((output) =>
    output.failed.map((trial) => ({ stage: output.stage, name: trialName(output.stage, trial.params), state: unsettledState(trial), reason: trial.reason })),
  );
}

/** `stage[k=5_metric=manhattan]`, or the stage alone when it has one trial with no grid point. */
export function trialName(stage: string, params: TrialParams): string {
  return Object.keys(params).length === 0 ? stage : `${stage}[${paramsSlug(params)}]`;
}

/** "2 failed, 10 upstream-failed": the counts that say why a run did not complete. */
export function describeUnsettled(tally: TrialTally): string {
  const parts = [
    tally.failed > 0 ? `${tally.failed} failed` : '',
    tally.upstreamFailed > 0 ? `${tally.upstreamFailed} upstream-failed (not run)` : '',
    tally.cancelled > 0 ? `${tally.cancelled} cancelled` : '',
  ];
  return parts.filter((part) => part !== '').join(', ');
}

/**
 * One line per failed trial (each has its own error), and one per stage, state and reason for
 * the trials that were not run or were cancelled: "upstream-failed <stage> (6 trials): …".
 */
export function unsettledLines(trials: readonly UnsettledTrial[]): string[] {
  const lines: string[] = [];
  const groups = new Map<string, { readonly first: UnsettledTrial; count: number }>();
  for (const trial of trials) {
    if (trial.state === 'failed') {
      lines.push(`failed ${trial.name}: ${trial.reason}`);
      continue;
    }
    const key = JSON.stringify([trial.stage, trial.state, trial.reason]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { first: trial, count: 1 });
    else group.count += 1;
  }
  for (const { first, count } of groups.values()) {
    lines.push(`${first.state} ${count === 1 ? first.name : `${first.stage} (${count} trials)`}: ${first.reason}`);
  }
  return lines;
}
