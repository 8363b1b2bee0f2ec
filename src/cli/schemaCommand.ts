import { z } from 'zod';
import { BUILT_IN_STUDIES } from '../../studies/index.js';
import { loadStudyRef } from '../api/studyModules.js';
import { SweepflowError } from '../sweepflowError.js';

/** `sweepflow schema study [--study S]`: the JSON Schema of the study files S accepts (default: every built-in study that takes one). */
export async function schemaCommand(what: string, options: { study?: string }): Promise<void> {
  if (what !== 'study') throw new SweepflowError(`schema '${what}': the only schema is 'study' (a study file)`);
  const refs = options.study === undefined ? Object.keys(BUILT_IN_STUDIES) : [options.study];
  const formats = (await Promise.all(refs.map(loadStudyRef))).flatMap(({ study }) => (study.studyFile === undefined ? [] : [study.studyFile.schema]));
  if (formats.length === 0) throw new SweepflowError(`study '${options.study}' takes no study file`);
  // The file as written: defaults are optional in it.
  const schema = z.toJSONSchema(formats.length === 1 ? formats[0] : z.union(formats as [z.ZodType, z.ZodType]), { io: 'input' });
  console.log(JSON.stringify(schema, null, 2));
}
