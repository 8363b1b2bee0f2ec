import type { z } from 'zod';
import { SweepflowError } from '../sweepflowError.js';
import type { JobKind } from './jobKind.js';
import type { JsonValue } from './jsonValue.js';
import type { Objective } from './trialMetrics.js';

/**
 * A study as the engine sees it: named stages, each a fan-out of trials of one job kind,
 * and the stages each one reads. The engine never knows what a trial computes.
 */
export type TrialParams = Readonly<Record<string, JsonValue>>;

export interface StageDef {
  readonly name: string;
  /** The job kind: names its trial jobs and picks their computation. */
  readonly kind: string;
  /** One entry per trial: the grid point, which also names the trial's job. */
  readonly trials: readonly TrialParams[];
  /** Parameters every trial of the stage shares (seeds, splits, epochs): part of each content key. */
  readonly settings: TrialParams;
  /** Stages whose outputs this stage's trials read. */
  readonly needs: readonly string[];
  /** Tries per trial before it counts as failed. */
  readonly attempts?: number;
  /** Results belong to one run (they write its files), so they are never reused by another. */
  readonly perRun?: boolean;
  /** The kind's objective, recorded with the DAG so pages and commands rank trials without the study's code. */
  readonly objective?: Objective;
}

export interface DagDef {
  readonly study: string;
  readonly stages: readonly StageDef[];
}

type Loose<T> = T extends Record<string, unknown> ? Partial<T> : never;

/**
 * A stage of `kind`: the grid as data (`trials`), the shared `settings`, and the stages it
 * reads (the kind's own list unless fewer are named). Named after its kind unless told.
 */
export function stageOf<P extends z.ZodType>(
  kind: JobKind<P>,
  spec: { readonly name?: string; readonly trials?: readonly Loose<z.input<P>>[]; readonly settings?: Loose<z.input<P>>; readonly needs?: readonly string[] },
): StageDef {
  return {
    name: spec.name ?? kind.name,
    kind: kind.name,
    trials: (spec.trials ?? [{}]) as readonly TrialParams[],
    settings: (spec.settings ?? {}) as TrialParams,
    needs: spec.needs ?? kind.reads,
    attempts: kind.attempts,
    perRun: kind.perRun,
    objective: kind.objective,
  };
}

/** A trial's full parameters: its grid point over its stage's settings. */
export function trialParams(stage: StageDef, trial: TrialParams): TrialParams {
  return { ...stage.settings, ...trial };
}

/**
 * Checks names, dependencies, acyclicity, what each kind may read and every trial's
 * parameters, once, where a DAG enters the engine: a bad DAG is refused before anything is queued.
 */
export function validateDag(dag: DagDef, kinds: readonly JobKind[]): void {
  const names = new Set<string>();
  for (const stage of dag.stages) {
    const where = `study '${dag.study}' stage '${stage.name}'`;
    if (names.has(stage.name)) throw new SweepflowError(`${where} is declared twice`);
    if (stage.trials.length === 0) throw new SweepflowError(`${where} has no trials`);
    const kind = kinds.find((k) => k.name === stage.kind);
    if (kind === undefined) throw new SweepflowError(`${where}: the study has no job kind '${stage.kind}'`);
    for (const need of stage.needs) {
      if (!names.has(need)) throw new SweepflowError(`${where} needs '${need}', which is not declared before it`);
      if (!kind.reads.includes(need)) throw new SweepflowError(`${where} needs '${need}', which job kind '${kind.name}' does not declare it reads`);
    }
    for (const trial of stage.trials) {
      const parsed = kind.params.safeParse(trialParams(stage, trial));
      if (!parsed.success) throw new SweepflowError(`${where}: ${describeIssues(parsed.error)}`);
    }
    names.add(stage.name);
  }
}

/** One line naming each problem, e.g. "grid.k.0: Too small: expected number to be >0". */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/** The stage and every stage that reads it, directly or not. */
export function dependentsOf(dag: DagDef, stageName: string): string[] {
  const affected = new Set([stageName]);
  for (const stage of dag.stages) {
    if (stage.needs.some((need) => affected.has(need))) affected.add(stage.name);
  }
  return dag.stages.filter((s) => affected.has(s.name)).map((s) => s.name);
}
