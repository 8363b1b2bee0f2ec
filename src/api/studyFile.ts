import { readFile } from 'node:fs/promises';
import { loadStudyRef, type LoadedStudy } from './studyModules.js';
import { SweepflowError } from '../sweepflowError.js';

/** A study file's study and the config overrides the file amounts to. */
export interface StudyFileRun extends LoadedStudy {
  readonly overrides: unknown;
}

/** `--study my.study.json` names a study file rather than a study. */
export function isStudyFile(ref: string | undefined): ref is string {
  return ref !== undefined && ref.endsWith('.json');
}

/** Reads a study file: its `study` key picks the study, which turns the rest into config overrides; every problem is one line naming the file. */
export async function readStudyFile(path: string): Promise<StudyFileRun> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new SweepflowError(`${path}: study file not found`);
  });
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    throw new SweepflowError(`${path}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const ref = (content as { study?: unknown } | null)?.study;
  if (typeof content !== 'object' || Array.isArray(content) || typeof ref !== 'string' || isStudyFile(ref)) {
    throw new SweepflowError(`${path}: a study file is a JSON object whose "study" key names the study it is for`);
  }
  return naming(path, async () => {
    const loaded = await loadStudyRef(ref);
    if (loaded.study.studyFile === undefined) throw new SweepflowError(`study '${loaded.study.id}' takes no study file`);
    return { ...loaded, overrides: loaded.study.studyFile.configOf(content) };
  });
}

/** Runs `work`; a refusal it throws names the study file first (once). */
export async function naming<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SweepflowError && !error.retryable && !error.message.startsWith(`${path}: `)) throw new SweepflowError(`${path}: ${error.message}`);
    throw error;
  }
}

/** What a `--study` reference names (a built-in id, a study module, or a study file), as a run is planned from it. */
export interface StudyChoice extends LoadedStudy {
  /** The study file's choices as config overrides (none for a study named directly). */
  readonly overrides?: unknown;
  /** The study file, named first in config errors. */
  readonly source?: string;
  /** Runs the planning: with a study file, a refusal names the file first. */
  planning<T>(work: () => Promise<T>): Promise<T>;
}

/** The study a `--study` reference names, with what a study file brings; `run` and runStudy() plan from it alike. */
export async function chooseStudy(ref: string | undefined): Promise<StudyChoice> {
  if (!isStudyFile(ref)) return { ...(await loadStudyRef(ref)), planning: (work) => work() };
  return { ...(await readStudyFile(ref)), source: ref, planning: (work) => naming(ref, work) };
}
