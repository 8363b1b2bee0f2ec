import { readFile } from 'node:fs/promises';
import { movieStudy, studyConfig, studyGridProblem, studyRowsProblem, type Profile } from '../../dag/movie-study.js';
import type { StudyConfig } from '../../dag/studyConfig.js';
import { readMovieTable } from '../data/readMovieTable.js';
import { preprocessMovies } from '../data/preprocessMovies.js';
import { submitRun } from '../engine/submitRun.js';
import { CliError } from './cliError.js';
import { superviseRun } from './superviseRun.js';

export interface RunOptions {
  readonly data: string;
  readonly config?: string;
  readonly workers: number;
  readonly out?: string;
  readonly profile: Profile;
}

/** `sweepflow run`: refuse bad input before anything is queued, then submit and supervise the study. */
export async function runCommand(options: RunOptions): Promise<number> {
  const overrides = options.config === undefined ? {} : await readConfigFile(options.config);
  const source = options.config ?? `profile ${options.profile}`;
  let config: StudyConfig;
  try {
    config = studyConfig(options.profile, overrides);
  } catch (error) {
    throw new CliError(`${source}: ${(error as Error).message}`);
  }
  const table = await readMovieTable(options.data);
  const rows = preprocessMovies(table.records).numeric.X.rows;
  const rowsProblem = studyRowsProblem(rows);
  if (rowsProblem !== null) throw new CliError(`${options.data}: ${rowsProblem}`);
  const gridProblem = studyGridProblem(config, rows);
  if (gridProblem !== null) throw new CliError(`${source}: ${gridProblem} in ${options.data}`);
  const bytes = await readFile(options.data);
  return superviseRun(options, (engine) =>
    submitRun(engine, { dag: movieStudy(config), config, dataset: { bytes, sha256: table.sha256, file: options.data } }),
  );
}

async function readConfigFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new CliError(`${path}: config file not found`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
}
