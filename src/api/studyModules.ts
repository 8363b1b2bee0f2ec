import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUILT_IN_STUDIES, DEFAULT_STUDY } from '../../studies/index.js';
import { importStudy } from '../engine/importStudy.js';
import type { RunManifest } from '../engine/runManifest.js';
import type { Study } from '../engine/study.js';
import { SweepflowError } from '../sweepflowError.js';

/** A study and where its code lives; `module` is set only for a study that is not built in. */
export interface LoadedStudy {
  readonly study: Study;
  readonly module?: string;
}

/** `--study`: a built-in study's id, or the path (or file URL) of a study module (.js/.mjs). */
export async function loadStudyRef(ref: string = DEFAULT_STUDY): Promise<LoadedStudy> {
  const builtIn = BUILT_IN_STUDIES[ref];
  if (builtIn !== undefined) return { study: await importStudy(builtIn) };
  if (!/\.(m?js)$/.test(ref)) {
    throw new SweepflowError(`--study '${ref}': no such study (built in: ${Object.keys(BUILT_IN_STUDIES).join(', ')}; or a path to a study module .js)`);
  }
  const module = studyModuleUrl(ref);
  return { study: await importStudy(module), module };
}

/** A study module's file URL (from a path or a file URL), checked to exist. */
export function studyModuleUrl(path: string): string {
  const file = path.startsWith('file:') ? fileURLToPath(path) : resolve(path);
  if (!existsSync(file)) throw new SweepflowError(`study module ${file} not found`);
  return pathToFileURL(file).href;
}

/** The study a run was made with, from its manifest: built in by id, else the module it recorded. */
export async function studyOfRun(manifest: RunManifest): Promise<LoadedStudy> {
  const builtIn = BUILT_IN_STUDIES[manifest.study];
  if (builtIn !== undefined) return { study: await importStudy(builtIn) };
  if (manifest.studyModule === undefined) {
    throw new SweepflowError(`run '${manifest.runId}' is of study '${manifest.study}', which is not built in and recorded no module`);
  }
  return { study: await importStudy(manifest.studyModule), module: manifest.studyModule };
}

/** The modules a worker serves: every built-in study, then `extra` (file URLs). */
export function servedStudyModules(extra: readonly string[] = []): string[] {
  return [...new Set([...Object.values(BUILT_IN_STUDIES), ...extra])];
}
