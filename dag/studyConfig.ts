import { z } from 'zod';

const positiveInt = z.number().int().positive();
const fraction = z.number().gt(0).lt(1);
const seed = z.number().int().min(0).max(2 ** 32 - 1);
const hiddenLayers = z.array(positiveInt).min(1, 'a network needs at least one hidden layer');
const weights = z.enum(['uniform', 'distance']);
const metric = z.enum(['euclidean', 'manhattan']);
const split = z.strictObject({ testSize: fraction, randomState: seed });

function distinct<T>(what: string) {
  return (values: T[]) => new Set(values.map((v) => JSON.stringify(v))).size === values.length || `${what} has duplicates`;
}

/** The study's knobs; every grid is a non-empty list. Defaults live in dag/movie-study.ts. */
export const studyConfigSchema = z.strictObject({
  split,
  knn: z.strictObject({
    k: z.array(positiveInt).min(1, 'is empty').refine(distinct('knn.k')),
    weights: z.array(weights).min(1, 'is empty').refine(distinct('knn.weights')),
    metric: z.array(metric).min(1, 'is empty').refine(distinct('knn.metric')),
    folds: z.number().int().min(2),
    curveK: positiveInt,
    /** The untuned KNN the notebook explains (correlations, importance) before its grid search. */
    explainK: positiveInt,
    explainRepeats: positiveInt,
    importanceRepeats: positiveInt,
  }),
  mlp: z.strictObject({
    hidden: z.array(hiddenLayers).min(1, 'is empty').refine(distinct('mlp.hidden')),
    alpha: z.array(z.number().min(0)).min(1, 'is empty').refine(distinct('mlp.alpha')),
    maxIter: positiveInt,
    randomState: seed,
    baseline: z.strictObject({ hidden: hiddenLayers, alpha: z.number().min(0), testSize: fraction }),
    final: z.union([z.literal('best'), z.strictObject({ hidden: hiddenLayers, alpha: z.number().min(0) })]),
    importanceRepeats: positiveInt,
  }),
  kmeans: z.strictObject({
    k: z.array(z.number().int().min(2)).min(1, 'is empty').refine(distinct('kmeans.k')),
    nInit: positiveInt,
    randomState: seed,
    base: z.strictObject({ k: z.number().int().min(2), randomState: seed }),
    tunedK: z.number().int().min(2),
    pcaComponents: positiveInt,
  }),
});

export type StudyConfig = z.infer<typeof studyConfigSchema>;

/** A deep partial config as a user writes it in study.json. */
export const studyOverridesSchema = z.record(z.string(), z.unknown());

/** One line naming each problem, e.g. "knn.k.0: Number must be greater than 0". */
export function describeConfigError(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}
