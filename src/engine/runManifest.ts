import type { DagDef, TrialParams } from './dag.js';
import type { TrialMetrics } from './trialMetrics.js';

export type RunStatus = 'running' | 'completed' | 'failed';

/** runs/<runId>/manifest.json: everything needed to resume or rerun a run from the store alone. */
export interface RunManifest {
  readonly runId: string;
  /** The study's id: workers and the CLI find its code by it. */
  readonly study: string;
  /** Where a study that is not built in was loaded from (a file URL), so rerun, report and predict find it. */
  readonly studyModule?: string;
  readonly profile: string;
  readonly config: unknown;
  readonly dataset: { readonly sha256: string; readonly file: string; readonly key: string };
  /** The version of the code each job kind runs (its module's import graph): part of its content keys. */
  readonly codeVersions: Readonly<Record<string, string>>;
  readonly created: string;
  status: RunStatus;
  finished?: string;
  readonly dag: DagDef;
  /** The store the run was submitted to (its identity object): a worker on another store releases the run's jobs. */
  readonly store?: { readonly id: string; readonly description: string };
  /** Stages to recompute regardless of the cache (set by `rerun --stage`). */
  force?: string[];
}

export interface TrialPointer {
  readonly params: TrialParams;
  readonly key: string;
  readonly cached: boolean;
  readonly ms: number;
  /** The kind's summary metrics (absent in runs from before kinds declared them). */
  readonly metrics?: TrialMetrics;
}

export interface FailedTrial {
  readonly params: TrialParams;
  readonly jobId: string;
  readonly reason: string;
}

/** runs/<runId>/stages/<stage>.json: written once all of a stage's trials have settled. */
export interface StageOutput {
  readonly stage: string;
  readonly trials: readonly TrialPointer[];
  readonly failed: readonly FailedTrial[];
  /** Wall time from the stage's submission to its gather, ms. */
  readonly ms: number;
  readonly finished: string;
}
