import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { mergeDeep } from '../engine/resolveConfig.js';
import { planRun, submitRun } from '../engine/submitRun.js';
import { SweepflowError } from '../sweepflowError.js';
import { chooseStudy } from '../api/studyFile.js';
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
  const { study, module, overrides, source, planning } = await chooseStudy(options.study);
  // --config and the command line's dataset options override a study file's choices.
  const plan = await planning(async () =>
    planRun({
      study,
      studyModule: module,
      profile: options.profile,
      overrides: options.config === undefined ? overrides : mergeDeep(overrides, await readConfigFile(options.config)),
      configSource: options.config ?? source,
      dataset: await readDataset(options.data),
      datasetOptions: { target: options.target, features: columnList(options.features), categorical: columnList(options.categorical) },
      out: options.out === undefined ? undefined : resolve(options.out),
    }),
  );
  return superviseRun({ ...options, studyModules: module === undefined ? [] : [module] }, (engine) => submitRun(engine, plan));
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
