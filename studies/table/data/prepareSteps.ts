import { z } from 'zod';
import { cutIssues } from '../../../src/data/tableSteps/cutColumn.js';
import { parseRowFilter } from '../../../src/data/tableSteps/rowFilter.js';
import { SweepflowError } from '../../../src/sweepflowError.js';

const column = z.string().min(1, 'a column name is empty');
/** A bin edge: a number, or "inf" / "-inf" (JSON has no Infinity). */
const binEdge = z.union([z.number(), z.enum(['inf', '-inf'])]);

/** A bin edge as a number. */
export function edgeValue(edge: z.infer<typeof binEdge>): number {
  return edge === 'inf' ? Infinity : edge === '-inf' ? -Infinity : edge;
}

/** The table's preparation, step by step: each is an object whose first key names the step and the column it reads. */
export const PREPARE_STEPS = {
  /** Keeps the rows for which every comparison holds: `budget > 0 and original_language == 'en'`. */
  filter: z.strictObject({
    filter: z.string().superRefine((text, context) => {
      try {
        parseRowFilter(text);
      } catch (error) {
        if (!(error instanceof SweepflowError)) throw error;
        context.addIssue({ code: 'custom', message: error.message });
      }
    }),
  }).describe(
    "Keeps the rows for which every comparison holds: column op value joined by 'and'; op one of > >= < <= == !=, " +
      'value a number or a quoted string (== and != only); a missing cell satisfies only !=.',
  ),
  /** np.log1p(column) as a new numeric column. */
  log1p: z.strictObject({ log1p: column, as: column }).describe('np.log1p of a numeric column into column `as`; missing stays missing.'),
  /** pd.cut(column, bins, labels, right=True): labelled right-inclusive bins; outside them, missing. */
  cut: z
    .strictObject({ cut: column, bins: z.array(binEdge).min(2, 'needs at least 2 edges'), labels: z.array(z.string().min(1)), as: column })
    .superRefine((step, context) => {
      for (const { field, message } of cutIssues(step.bins.map(edgeValue), step.labels)) context.addIssue({ code: 'custom', path: [field], message });
    })
    .describe(
      'pd.cut(column, bins, labels, right=True) into `as`: bins[i] < v <= bins[i+1] gets labels[i]; ' +
        'outside the bins or missing: missing. "inf"/"-inf" are edges too.',
    ),
  /** Keeps the listed values, anything else (a missing value too, as pandas' where(isin) does) becomes `else`. */
  keep: z
    .strictObject({ keep: column, values: z.array(z.string()).min(1, 'is empty'), else: z.string().default('Other'), as: column })
    .describe("column.where(column.isin(values), else) into `as`: any other value, a missing one too, becomes `else` (default 'Other')."),
  /** For each row, how many rows share its value of the column (missing: missing). */
  groupCount: z
    .strictObject({ groupCount: column, as: column })
    .describe('For each row, the number of rows (left by the steps before) with its value of the column, into `as`; missing key: missing. Bin it with a cut step.'),
  /** The text before the first delimiter. */
  firstToken: z
    .strictObject({ firstToken: column, delimiter: z.string().min(1, 'is empty'), as: column })
    .describe('column.str.split(delimiter).str[0] into `as`: the text before the first delimiter; missing stays missing.'),
};

export type PrepareStepName = keyof typeof PREPARE_STEPS;
export const PREPARE_STEP_NAMES = Object.keys(PREPARE_STEPS) as PrepareStepName[];

/** One step of the table's preparation. */
export const prepareStepSchema = z.union([
  PREPARE_STEPS.filter,
  PREPARE_STEPS.log1p,
  PREPARE_STEPS.cut,
  PREPARE_STEPS.keep,
  PREPARE_STEPS.groupCount,
  PREPARE_STEPS.firstToken,
]);

export type PrepareStep = z.infer<typeof prepareStepSchema>;

/** Which step a step object is: the one step name among its keys, or undefined. */
export function stepName(step: unknown): PrepareStepName | undefined {
  if (step === null || typeof step !== 'object') return undefined;
  const names = PREPARE_STEP_NAMES.filter((name) => name in step);
  return names.length === 1 ? names[0] : undefined;
}
