import type { z } from 'zod';
import type { TrialContext } from './trialContext.js';
import type { Objective, TrialMetrics } from './trialMetrics.js';

/**
 * One kind of trial job: its parameters (a zod schema, the one source of their type), the
 * stages it may read, and its computation. A kind lives in its own module: the static import
 * graph of that module is its code version, part of every content key it produces.
 */
export interface JobKind<Params extends z.ZodType = z.ZodType, Result = unknown> {
  /** Names its trial jobs in the queue (bull-board shows it). */
  readonly name: string;
  /** `import.meta.url` of the module that defines the kind. */
  readonly module: string;
  /** A trial's parameters with its stage's settings: checked where a job enters a worker. */
  readonly params: Params;
  /** Stages whose results the kind may read; a stage of this kind needs these unless the DAG says fewer. */
  readonly reads: readonly string[];
  /** Results belong to one run (they write its files), so they are never reused by another. */
  readonly perRun?: boolean;
  /** Tries per trial before it counts as failed (default: ENGINE_DEFAULTS.trialAttempts). */
  readonly attempts?: number;
  /** The computation; its JSON result is stored under the trial's content key. */
  run(context: TrialContext<z.infer<Params>>): Promise<Result>;
  /**
   * The trial's summary numbers (e.g. a validation RMSE), read off its result: they go into the
   * job's return value (bull-board) and the run's trials table. A name 'base.variant' is metric
   * 'base' for one variant the trial computes (one weighting); sweep plots treat the variant as a parameter.
   */
  metrics?(result: Result): TrialMetrics;
  /** The metric that ranks the kind's trials: sweep plots and `compare` pick the best trial by it. */
  readonly objective?: Objective;
}

/** Declares a job kind; the identity function that gives `run` its typed parameters. */
export function defineJobKind<Params extends z.ZodType, Result>(kind: JobKind<Params, Result>): JobKind<Params, Result> {
  return kind;
}

/** The result type a kind's trials store. */
export type ResultOf<Kind> = Kind extends JobKind<z.ZodType, infer Result> ? Result : never;
