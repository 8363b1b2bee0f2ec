import { fileURLToPath } from 'node:url';
import { errorLine, SweepflowError } from '../sweepflowError.js';
import { isSafeSegment } from '../store/objectStore.js';
import type { Study } from './study.js';

/** A study module's default export (or its `study` export), checked to be a study. */
export async function importStudy(module: string): Promise<Study> {
  const shown = module.startsWith('file:') ? fileURLToPath(module) : module;
  let exports: Record<string, unknown>;
  try {
    exports = (await import(module)) as Record<string, unknown>;
  } catch (error) {
    throw new SweepflowError(`study module ${shown} does not load: ${errorLine(error)}`);
  }
  const study = exports.default ?? exports.study;
  const problem = studyProblem(study);
  if (problem !== null) throw new SweepflowError(`study module ${shown}: ${problem} (export default defineStudy({ … }))`);
  return study as Study;
}

/** Studies by id, from their modules; two modules may not claim one id. */
export async function importStudies(modules: readonly string[]): Promise<Map<string, Study>> {
  const studies = new Map<string, Study>();
  for (const study of await Promise.all(modules.map(importStudy))) {
    if (studies.has(study.id)) throw new SweepflowError(`two study modules define study '${study.id}'`);
    studies.set(study.id, study);
  }
  return studies;
}

function studyProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object') return 'exports no study';
  const study = value as Partial<Study>;
  if (typeof study.id !== 'string' || !isSafeSegment(study.id)) return "its id must be letters, digits, '.', '_' or '-'";
  if (typeof study.dag !== 'function' || typeof study.inspect !== 'function') return 'a study needs inspect() and dag()';
  if (study.config === undefined || typeof study.config.safeParse !== 'function') return 'its config must be a zod schema';
  if (study.profiles === undefined || study.defaultProfile === undefined || !(study.defaultProfile in study.profiles)) {
    return 'its defaultProfile must name one of its profiles';
  }
  if (!Array.isArray(study.kinds) || study.kinds.length === 0) return 'it declares no job kinds';
  for (const kind of study.kinds) {
    if (typeof kind?.name !== 'string' || !isSafeSegment(kind.name)) return "a job kind's name must be letters, digits, '.', '_' or '-'";
    if (typeof kind.run !== 'function' || typeof kind.params?.safeParse !== 'function' || !Array.isArray(kind.reads)) {
      return `job kind '${kind.name}' needs params (a zod schema), reads and run()`;
    }
    if (typeof kind.module !== 'string') return `job kind '${kind.name}' needs module: import.meta.url`;
  }
  return null;
}
