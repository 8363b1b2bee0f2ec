import { z } from 'zod';
import type { StudyFileFormat } from '../../src/engine/study.js';
import { SweepflowError } from '../../src/sweepflowError.js';
import { studyConfigSchema } from '../recipe/recipeConfig.js';
import { PREPARE_STEP_NAMES, PREPARE_STEPS, prepareStepSchema, stepName } from './data/prepareSteps.js';
import { tableSpecSchema } from './tableConfig.js';

/** Every key of an object schema optional, nested objects too: a file names only what it changes. */
function partialDeep(schema: z.ZodObject): z.ZodObject {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, value]) => [key, (value instanceof z.ZodObject ? partialDeep(value) : (value as z.ZodType)).optional()]),
  );
  return z.strictObject(shape);
}

const spec = tableSpecSchema.shape;

/**
 * A table-study file: the target, the table's preparation as declared steps, which columns are
 * predictors, categorical or dropped, and any part of the recipe's config (grids, splits, seeds)
 * over the profile. The command line's --target/--features/--categorical override it.
 */
export const tableStudyFileSchema = z
  .strictObject({
    /** A JSON Schema reference for editors (`sweepflow schema study > study.schema.json`); ignored. */
    $schema: z.string().optional(),
    study: z.literal('table'),
    target: z.string().min(1, 'a column name is empty').describe('The numeric column to predict (after the preparation).'),
    prepare: z.array(prepareStepSchema).optional().describe('The preparation: steps applied in order, each to the table the previous one left.'),
    features: spec.features.describe('The numeric predictors in order; absent: every numeric column but the target, the categoricals and the dropped.'),
    categorical: spec.categorical.optional().describe('Columns that enter the OLS full design as get_dummies(drop_first=True) dummies (levels sorted).'),
    drop: spec.drop.describe('Columns removed after the preparation: never predictors.'),
    maxLevels: spec.maxLevels.optional().describe('A categorical with more levels is refused (default 50).'),
    config: partialDeep(studyConfigSchema)
      .optional()
      .describe("Any part of the recipe's config over the profile: split, knn, mlp, kmeans grids and seeds (as --config)."),
  })
  .meta({ title: 'sweepflow table-study file', description: "The notebook's recipe on any CSV: its target, preparation, predictors, grids, splits and seeds." });

export type TableStudyFile = z.infer<typeof tableStudyFileSchema>;

type Path = readonly PropertyKey[];

/** `prepare[2].labels`, `config.knn.k[0]`. */
function pathText(path: Path): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('') || '(root)';
}

/** One problem of the file in one line: a step's problems name its index and its kind. */
function problemOf(content: unknown, issue: z.core.$ZodIssue): string {
  const [top, index] = issue.path;
  if (top !== 'prepare' || typeof index !== 'number') return `${pathText(issue.path)}: ${issue.message}`;
  const step = (content as { prepare: unknown[] }).prepare[index];
  const name = stepName(step);
  if (name === undefined) {
    return `prepare[${index}]: unknown step ${JSON.stringify(step)} (a step is an object with one of the keys ${PREPARE_STEP_NAMES.join(', ')})`;
  }
  // A union reports every alternative's problems: report only those of the step it is.
  const own = issue.code === 'invalid_union' ? PREPARE_STEPS[name].safeParse(step).error?.issues[0] : { ...issue, path: issue.path.slice(2) };
  if (own === undefined) return `prepare[${index}] (${name}): ${issue.message}`;
  // The step's own key (`filter`) is what the step is: naming it again says nothing.
  const where = own.path.length === 0 || (own.path.length === 1 && own.path[0] === name) ? '' : `${pathText(own.path)}: `;
  return `prepare[${index}] (${name}): ${where}${own.message}`;
}

export const tableStudyFile: StudyFileFormat = {
  schema: tableStudyFileSchema,
  configOf(content) {
    const parsed = tableStudyFileSchema.safeParse(content);
    if (!parsed.success) throw new SweepflowError(problemOf(content, parsed.error.issues[0]));
    const { $schema, study, config, ...table } = parsed.data;
    return { ...config, table };
  },
};
