import { z } from 'zod';
import type { DagDef } from './dag.js';
import { jsonValueSchema } from './jsonValue.js';

/**
 * A run's states: `running` until every stage settled (`completed`, or `failed` when a trial failed
 * for good), `cancelled` by `sweepflow cancel`, `interrupted` when the `run` that supervised it
 * was stopped (Ctrl-C, SIGTERM). `rerun` resumes any of them. (`stalled` is not stored: it is
 * how status and the run list show a `running` run that nothing serves.)
 */
export const runStatusSchema = z.enum(['running', 'completed', 'failed', 'cancelled', 'interrupted']);
export type RunStatus = z.infer<typeof runStatusSchema>;

const trialParamsSchema = z.record(z.string(), jsonValueSchema).readonly();

const stageDefSchema = z
  .object({
    name: z.string(),
    kind: z.string(),
    trials: z.array(trialParamsSchema).readonly(),
    settings: trialParamsSchema,
    needs: z.array(z.string()).readonly(),
    attempts: z.number().int().optional(),
    perRun: z.boolean().optional(),
    objective: z.object({ metric: z.string(), goal: z.enum(['min', 'max']) }).readonly().optional(),
  })
  .readonly();

const dagSchema: z.ZodType<DagDef> = z.object({ study: z.string(), stages: z.array(stageDefSchema).readonly() }).readonly();

/**
 * runs/<runId>/manifest.json: everything needed to resume or rerun a run from the store alone.
 * Fields added later are optional, so manifests written before them still load.
 */
export const runManifestSchema = z.object({
  runId: z.string(),
  /** The study's id: workers and the CLI find its code by it. */
  study: z.string(),
  /** Where a study that is not built in was loaded from (a file URL), so rerun, report and predict find it. */
  studyModule: z.string().optional(),
  profile: z.string(),
  config: z.unknown(),
  dataset: z.object({ sha256: z.string(), file: z.string(), key: z.string() }).readonly(),
  /** The version of the code each job kind runs (its module's import graph): part of its content keys. */
  codeVersions: z.record(z.string(), z.string()).readonly(),
  created: z.string(),
  status: runStatusSchema,
  /** When the run last left `running` (completed, failed, cancelled or interrupted). */
  finished: z.string().optional(),
  dag: dagSchema,
  /** The store the run was submitted to (its identity object): a worker on another store releases the run's jobs. */
  store: z.object({ id: z.string(), description: z.string() }).readonly().optional(),
  /** Stages to recompute regardless of the cache (set by `rerun --stage`). */
  force: z.array(z.string()).optional(),
  /** The folder `run --out` exported to (absolute): `rerun` writes there too unless told otherwise. */
  out: z.string().optional(),
  /**
   * Each stage's generation, bumped whenever its output is dropped to run again (absent: 0). Its
   * jobs' ids carry it (jobIds.ts); a gather or late trial of an older one is discarded.
   */
  generations: z.record(z.string(), z.number().int().min(0)).optional(),
});
export type RunManifest = z.infer<typeof runManifestSchema>;

/** The generation the stage's jobs are submitted as now. */
export function stageGeneration(manifest: RunManifest, stage: string): number {
  return manifest.generations?.[stage] ?? 0;
}

export const trialPointerSchema = z
  .object({
    params: trialParamsSchema,
    key: z.string(),
    cached: z.boolean(),
    ms: z.number(),
    /** The kind's summary metrics (absent in runs from before kinds declared them). */
    metrics: z.record(z.string(), z.number()).readonly().optional(),
    /** When and where it ran, as its trial record (absent in runs from before): the trials table reads no record then. */
    started: z.string().optional(),
    finished: z.string().optional(),
    worker: z.string().optional(),
    attempts: z.number().int().optional(),
  })
  .readonly();
export type TrialPointer = z.infer<typeof trialPointerSchema>;

/**
 * Why a trial has no result: it `failed` (its own error), it was not run because a stage it
 * needs has no result (`upstream-failed`, naming that stage), or its run was `cancelled`.
 */
export const unsettledStateSchema = z.enum(['failed', 'upstream-failed', 'cancelled']);
export type UnsettledState = z.infer<typeof unsettledStateSchema>;

export const failedTrialSchema = z
  .object({
    params: trialParamsSchema,
    jobId: z.string(),
    /** One line: the trial's own error, or why it was not run. */
    reason: z.string(),
    /** Absent in stage outputs written before states were recorded: those are `failed`. */
    state: unsettledStateSchema.optional(),
    /** The stage whose failure kept an `upstream-failed` trial from running. */
    upstream: z.string().optional(),
  })
  .readonly();
export type FailedTrial = z.infer<typeof failedTrialSchema>;

/** runs/<runId>/stages/<stage>.json: written once all of a stage's trials have settled. */
export const stageOutputSchema = z
  .object({
    stage: z.string(),
    trials: z.array(trialPointerSchema).readonly(),
    failed: z.array(failedTrialSchema).readonly(),
    /** Wall time from the stage's submission to its gather, ms. */
    ms: z.number(),
    finished: z.string(),
  })
  .readonly();
export type StageOutput = z.infer<typeof stageOutputSchema>;

/** A trial without a result, with its state (old stage outputs have none: their own failures, or skipped). */
export function unsettledState(trial: FailedTrial): UnsettledState {
  // Before states were recorded a skipped stage's trials had no job id: none was queued.
  return trial.state ?? (trial.jobId === '' ? 'upstream-failed' : 'failed');
}
