/**
 * A study as the engine sees it: named stages, each a fan-out of trials of one job kind,
 * and the stages each one reads. The engine never knows what a trial computes.
 */
export type TrialParams = Readonly<Record<string, string | number | boolean | readonly number[] | null>>;

export interface StageDef {
  readonly name: string;
  /** The job kind: names its trial jobs and picks their processor. */
  readonly kind: string;
  readonly trials: readonly TrialParams[];
  /** Stages whose outputs this stage's trials read. */
  readonly needs: readonly string[];
  /** Tries per trial before it counts as failed. */
  readonly attempts?: number;
  /** Results belong to one run (they write its files), so they are never reused by another. */
  readonly perRun?: boolean;
}

export interface DagDef {
  readonly study: string;
  readonly stages: readonly StageDef[];
}

/** Checks names, dependencies and acyclicity once, where a DAG enters the engine. */
export function validateDag(dag: DagDef): void {
  const names = new Set<string>();
  for (const stage of dag.stages) {
    if (names.has(stage.name)) throw new Error(`stage '${stage.name}' is declared twice`);
    if (stage.trials.length === 0) throw new Error(`stage '${stage.name}' has no trials`);
    for (const need of stage.needs) {
      if (!names.has(need)) throw new Error(`stage '${stage.name}' needs '${need}', which is not declared before it`);
    }
    names.add(stage.name);
  }
}

/** The stage and every stage that reads it, directly or not. */
export function dependentsOf(dag: DagDef, stageName: string): string[] {
  const affected = new Set([stageName]);
  for (const stage of dag.stages) {
    if (stage.needs.some((need) => affected.has(need))) affected.add(stage.name);
  }
  return dag.stages.filter((s) => affected.has(s.name)).map((s) => s.name);
}
