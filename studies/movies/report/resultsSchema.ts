import { z } from 'zod';
import { olsFitSchema } from '../../../src/models/olsResultSchema.js';
import { count, recipeResultsShape } from '../../recipe/recipeResultsSchema.js';

/** results.json (DESIGN.md, a contract other tools read): validated before it is written. */
export const resultsSchema = z.strictObject({
  schemaVersion: z.literal(1),
  runId: z.string().min(1),
  dataset: z.strictObject({
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    rows: count,
    rowsBudgetPositive: count,
    rowsNumeric: count,
    rowsCategorical: count,
  }),
  ols: z.strictObject({ full: olsFitSchema, numeric: olsFitSchema, reduced: olsFitSchema }),
  ...recipeResultsShape,
});

export type StudyResults = z.infer<typeof resultsSchema>;
