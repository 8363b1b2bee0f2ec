import { z } from 'zod';
import { olsFitSchema } from '../../../src/models/olsResultSchema.js';

/** results.json (DESIGN.md, a contract other tools read): validated before it is written. */
const num = z.number().finite();
const count = z.number().int().nonnegative();

const curve = z.array(z.strictObject({ k: count, validRmse: num })).min(1);
const importance = z.array(z.strictObject({ feature: z.string(), mean: num, std: num })).min(1);
const weights = z.enum(['uniform', 'distance']);
const metric = z.enum(['euclidean', 'manhattan']);
const hidden = z.array(z.number().int().positive()).min(1);
/** An MLP trained once and kept with its loss curve: the baseline and the final model. */
const trainedMlp = z.strictObject({
  hidden,
  alpha: num,
  trainRmse: num,
  validRmse: num,
  epochs: count,
  lossCurve: z.array(num).min(1),
});

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
  knn: z.strictObject({
    validationCurve: curve,
    simpleBest: z.strictObject({ k: count, trainRmse: num, validRmse: num }),
    grid: z.array(z.strictObject({ k: count, weights, metric, cvRmse: num })).min(1),
    best: z.strictObject({ k: count, weights, metric, cvRmse: num }),
    final: z.strictObject({ trainRmse: num, validRmse: num }),
    tunedCurve: curve,
    importance,
  }),
  kmeans: z.strictObject({
    base: z.strictObject({ k: count, inertia: num, sizes: z.array(count) }),
    scan: z.array(z.strictObject({ k: count, inertia: num, silhouette: num })).min(1),
    tuned: z.strictObject({
      k: count,
      inertia: num,
      sizes: z.array(count),
      profiles: z.array(z.strictObject({ cluster: count, means: z.record(z.string(), num) })),
    }),
    onPca: z.strictObject({ k: count, components: count, silhouette: num, adjustedRand: num, changeRate: num }),
  }),
  pca: z.strictObject({
    explainedVarianceRatio: z.array(num).min(1),
    loadings: z.record(z.string(), z.array(num)),
  }),
  mlp: z.strictObject({
    baseline: trainedMlp,
    grid: z.array(z.strictObject({ hidden, alpha: num, trainRmse: num, validRmse: num, epochs: count })).min(1),
    best: z.strictObject({ hidden, alpha: num }),
    final: trainedMlp,
    importance,
  }),
  comparison: z.strictObject({
    split: z.strictObject({ testSize: num, randomState: count }),
    models: z.array(z.strictObject({ model: z.string(), validRmse: num })).min(1),
    best: z.string(),
  }),
  timings: z.strictObject({
    preprocess: num,
    knn: num,
    mlp: num,
    kmeans: num,
    pca: num,
    ols: num,
    compare: num,
    total: num,
  }),
});

export type StudyResults = z.infer<typeof resultsSchema>;
