import { z } from 'zod';
import { olsFitSchema } from '../../src/models/olsResultSchema.js';
import { count, recipeResultsShape } from '../recipe/recipeResultsSchema.js';

/**
 * The table study's results.json: the movie study's shape wherever the figure exists, every
 * feature named by the table's own columns (dummies as pandas names them, `<column>_<level>`).
 */
export const tableResultsSchema = z.strictObject({
  schemaVersion: z.literal(1),
  runId: z.string().min(1),
  dataset: z.strictObject({
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** Data rows of the CSV. */
    rows: count,
    /** Rows the study file's preparation kept (its filters): only for a run with `prepare` steps. */
    rowsPrepared: count.optional(),
    /** Rows with the target present: rows (or rowsPrepared) − rowsUsed rows were dropped for a missing target. */
    rowsUsed: count,
    /** Rows with the target and every numeric predictor present: the numeric design every model but ols.full fits on. */
    rowsNumeric: count,
    /** Rows of the full design (also every categorical present): only with categoricals. */
    rowsCategorical: count.optional(),
  }),
  ols: z.strictObject({ numeric: olsFitSchema, full: olsFitSchema.optional() }),
  ...recipeResultsShape,
});

export type TableResults = z.infer<typeof tableResultsSchema>;
