import { SweepflowError } from '../../../src/sweepflowError.js';
import type { TableSpec } from '../tableConfig.js';
import type { PrepareStep } from './prepareSteps.js';

/** How new rows get a run's predictors: the preparation steps that derive them, and the columns those read. */
export interface PredictorDerivation {
  /** The steps, in the run's order, that make a predictor or a column one is made from. */
  readonly steps: readonly PrepareStep[];
  /** The columns a new row must have: the predictors' sources (a predictor itself when no step makes it). */
  readonly sources: readonly string[];
}

/**
 * Walks the preparation back from the predictors. Filters are not applied (predict scores the
 * rows it is given); a predictor made from a groupCount is refused, as that count belongs to
 * the run's own table and new rows cannot reproduce it.
 */
export function predictorDerivation(spec: TableSpec, features: readonly string[]): PredictorDerivation {
  const steps = spec.prepare ?? [];
  const needed = new Set(features);
  const used: PrepareStep[] = [];
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i];
    if (!('as' in step) || !needed.has(step.as)) continue;
    const source = Object.values(step)[0] as string;
    if ('groupCount' in step) {
      throw new SweepflowError(
        `the run's predictor '${step.as}' comes from prepare[${i}] (groupCount ${source}), a count over the run's own table: new rows cannot be given it`,
      );
    }
    used.unshift(step);
    needed.delete(step.as);
    needed.add(source);
  }
  return { steps: used, sources: [...needed] };
}
