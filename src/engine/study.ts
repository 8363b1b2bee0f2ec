import type { z } from 'zod';
import type { ObjectStore } from '../store/objectStore.js';
import type { StageDef } from './dag.js';
import type { JobKind } from './jobKind.js';
import type { RunManifest } from './runManifest.js';

/** The table a run is given, as the user named it. */
export interface DatasetFile {
  /** The path the user passed, for error messages. */
  readonly file: string;
  readonly bytes: Buffer;
  readonly sha256: string;
}

/**
 * What `run --target/--features/--categorical` say about a table: for studies that take any table.
 * The study turns them into its config (configFromDatasetOptions), so the run's manifest records them.
 */
export interface DatasetOptions {
  readonly target?: string;
  readonly features?: readonly string[];
  readonly categorical?: readonly string[];
}

/** A run as a study's report or predictors see it: its manifest and the store that holds it. */
export interface StudyRun {
  readonly store: ObjectStore;
  readonly manifest: RunManifest;
}

/** Predictions for a CSV of new cases, and the rows that could not be scored, with why. */
export interface Predictions {
  /** Names the row: its id column's value, else its line in the CSV. */
  readonly rows: readonly { readonly id: string; readonly prediction: number }[];
  readonly skipped: readonly { readonly line: number; readonly reason: string }[];
}

export interface PredictRequest extends StudyRun {
  readonly model: string;
  /** The CSV of new cases: it needs the predictors (or the columns they derive from), not the target. */
  readonly file: string;
  /** A column that names each row in the output (`--id`). */
  readonly idColumn?: string;
}

/** The models a study saves in runs/<runId>/models/ and how to apply them to new rows. */
export interface StudyPredictors {
  /** Names `sweepflow predict --model` accepts. */
  readonly models: readonly string[];
  predict(request: PredictRequest): Promise<Predictions>;
}

/**
 * A study file (`run --study my.study.json`): one JSON document of a study's choices whose
 * `study` key names the study. The study turns it into config overrides, so the run's manifest
 * records everything and no worker needs the file.
 */
export interface StudyFileFormat {
  /** The file's shape: `sweepflow schema study` prints it as JSON Schema. */
  readonly schema: z.ZodType;
  /** The file's content (parsed JSON) as config overrides; a bad file throws one SweepflowError line naming the problem (the caller names the file). */
  configOf(content: unknown): unknown;
}

/**
 * A study: what the engine is handed to run one, as a Temporal worker is handed its
 * activities. The engine knows no study; everything particular to one lives here.
 */
export interface Study<Config = unknown, Info = unknown> {
  /** Names the study in manifests, job payloads and `--study`: letters, digits, '.', '_' or '-'. */
  readonly id: string;
  /** One line for people: the CLI and the report show it. */
  readonly title: string;
  /** The study's knobs (grids, splits, seeds); a config file overrides any part of a profile. */
  readonly config: z.ZodType<Config>;
  /** Named complete configs (`--profile`). */
  readonly profiles: Readonly<Record<string, Config>>;
  readonly defaultProfile: string;
  /** Checks a table (for this config) and returns what the DAG needs; bad input throws a SweepflowError naming file, column and problem. */
  inspect(dataset: DatasetFile, config: Config): Promise<Info>;
  /** The stages for this config and table; grids that cannot fit the table throw a SweepflowError. */
  dag(config: Config, info: Info): readonly StageDef[];
  /** Every job kind the DAG uses. */
  readonly kinds: readonly JobKind[];
  /** The run's report page (self-contained HTML), from what the store holds: also for runs that did not finish. */
  report?(run: StudyRun): Promise<string>;
  /** One line on a finished run's outcome (its best model), for the CLI's closing line and `sweepflow runs`; undefined when the run has none. */
  headline?(run: StudyRun): Promise<string | undefined>;
  readonly predictors?: StudyPredictors;
  /** Config overrides from the command line's dataset options; a study without it refuses them. */
  configFromDatasetOptions?(options: DatasetOptions): unknown;
  /** The study file it accepts; a study without one refuses `--study file.json`. */
  readonly studyFile?: StudyFileFormat;
}

/** Declares a study; the identity function that ties its config type to its profiles, DAG and report. */
export function defineStudy<Config, Info>(study: Study<Config, Info>): Study<Config, Info> {
  return study;
}
