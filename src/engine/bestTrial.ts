import type { DagDef, TrialParams } from './dag.js';
import type { TrialRow } from './trialTable.js';
import { splitMetricName, type Objective } from './trialMetrics.js';

/** The best settled trial of a stage by its kind's objective (and, for a variant metric, the best variant). */
export interface BestTrial {
  readonly stage: string;
  readonly jobId: string;
  readonly params: TrialParams;
  /** The metric's full name ('cvRmse.distance'). */
  readonly metric: string;
  readonly variant?: string;
  readonly value: number;
  readonly goal: Objective['goal'];
  /** When the trial finished, if its record says. */
  readonly finished?: string;
}

/** The best of the stage's trials by `objective`, or undefined while none has the metric. */
export function bestTrial(rows: readonly TrialRow[], stage: string, objective: Objective): BestTrial | undefined {
  let best: BestTrial | undefined;
  for (const row of rows) {
    if (row.stage !== stage) continue;
    for (const [metric, value] of Object.entries(row.metrics)) {
      const { base, variant } = splitMetricName(metric);
      if (base !== objective.metric) continue;
      if (best === undefined || (objective.goal === 'min' ? value < best.value : value > best.value)) {
        best = { stage, jobId: row.jobId, params: row.params, metric, variant, value, goal: objective.goal, finished: row.finished };
      }
    }
  }
  return best;
}

/** A run's headline: the best trial of the last stage in the DAG that has an objective and a scored trial. */
export function runBest(rows: readonly TrialRow[], dag: DagDef): BestTrial | undefined {
  for (const stage of [...dag.stages].reverse()) {
    if (stage.objective === undefined) continue;
    const best = bestTrial(rows, stage.name, stage.objective);
    if (best !== undefined) return best;
  }
  return undefined;
}

/**
 * The numbers that sum a run up, by name: the best objective value of every stage that has
 * one ('fit best loss'), and every metric of a stage of a single trial ('final validRmse').
 */
export function headlineMetrics(rows: readonly TrialRow[], dag: DagDef): Map<string, number> {
  const headlines = new Map<string, number>();
  for (const stage of dag.stages) {
    if (stage.objective !== undefined) {
      const best = bestTrial(rows, stage.name, stage.objective);
      if (best !== undefined) headlines.set(`${stage.name} best ${stage.objective.metric}`, best.value);
    }
    if (stage.trials.length !== 1) continue;
    const row = rows.find((r) => r.stage === stage.name);
    for (const [metric, value] of Object.entries(row?.metrics ?? {})) headlines.set(`${stage.name} ${metric}`, value);
  }
  return headlines;
}

/** 'poly-fit degree=2: validRmse = 0.31': the stage, the variant (or the params), the metric and its value. */
export function bestText(best: BestTrial): string {
  return `${best.stage} ${best.variant ?? paramsText(best.params)}: ${best.metric} = ${Number(best.value.toPrecision(6))}`;
}

/** Short text for a trial's grid point: 'k=5 metric=manhattan'. */
export function paramsText(params: TrialParams): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${paramValueText(value)}`)
    .join(' ');
}

/** One parameter's value as short text: a list of layer sizes as '64x32'. */
export function paramValueText(value: TrialParams[string] | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join('x') : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}
