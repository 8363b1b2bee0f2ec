import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { mergeDeep } from '../engine/resolveConfig.js';
import { planRun, submitRun, type RunPlan } from '../engine/submitRun.js';
import { SweepflowError } from '../sweepflowError.js';
import { loadStudyRef, type LoadedStudy } from '../api/studyModules.js';
import { isStudyFile, naming, readStudyFile } from '../api/studyFile.js';
import { superviseRun } from './superviseRun.js';

export interface RunOptions {
  readonly data: string;
  readonly study?: string;
  readonly config?: string;
  readonly workers: number;
  readonly out?: string;
  readonly profile?: string;
  readonly target?: string;
  readonly features?: string;
  readonly categorical?: string;
}

/** `sweepflow run`: refuse bad input before anything is queued, then submit and supervise the study. */
export async function runCommand(options: RunOptions): Promise<number> {
  const plan = isStudyFile(options.study)
    ? await planStudyFileRun(options, options.study)
    : await planOptionsRun(options, await loadStudyRef(options.study), {}, options.config);
  const module = plan.request.studyModule;
  return superviseRun({ ...options, studyModules: module === undefined ? [] : [module] }, (engine) => submitRun(engine, plan));
}

/** A study file's run: every refusal names the file first; --config and the command line's dataset options override it. */
async function planStudyFileRun(options: RunOptions, file: string): Promise<RunPlan> {
  const studyFile = await readStudyFile(file);
  return naming(file, () => planOptionsRun(options, studyFile, studyFile.overrides, options.config ?? file));
}

async function planOptionsRun(options: RunOptions, { study, module }: LoadedStudy, base: unknown, configSource: string | undefined): Promise<RunPlan> {
  const overrides = options.config === undefined ? base : mergeDeep(base, await readConfigFile(options.config));
  return planRun({
    study,
    studyModule: module,
    profile: options.profile,
    overrides,
    configSource,
    dataset: await readDataset(options.data),
    datasetOptions: { target: options.target, features: columnList(options.features), categorical: columnList(options.categorical) },
    out: options.out === undefined ? undefined : resolve(options.out),
  });
}

/** `a,b,c` → its names; an empty name is an error the study reports. */
function columnList(list: string | undefined): string[] | undefined {
  return list?.split(',').map((name) => name.trim());
}

async function readDataset(file: string) {
  const info = await stat(file).catch(() => null);
  if (info === null) throw new SweepflowError(`${file}: file not found`);
  if (!info.isFile()) throw new SweepflowError(`${file}: not a regular file`);
  const bytes = await readFile(file);
  return { file, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function readConfigFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new SweepflowError(`${path}: config file not found`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SweepflowError(`${path}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
}
