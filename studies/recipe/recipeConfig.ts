import { z } from 'zod';

export const positiveInt = z.number().int().positive();
const fraction = z.number().gt(0).lt(1);
export const seed = z.number().int().min(0).max(2 ** 32 - 1);
export const hiddenLayers = z.array(positiveInt).min(1, 'a network needs at least one hidden layer');
export const knnWeights = z.enum(['uniform', 'distance']);
export const knnMetric = z.enum(['euclidean', 'manhattan']);
/** The one train/validation split every predictive model is scored on (the notebook's 75/25, seed 3001). */
export const split = z.strictObject({ testSize: fraction, randomState: seed });
/** The MLP the notebook trains last: a fixed configuration, or the grid's best. */
export const mlpFinalChoice = z.union([z.literal('best'), z.strictObject({ hidden: hiddenLayers, alpha: z.number().min(0) })]);

function distinct<T>(what: string) {
  return (values: T[]) => new Set(values.map((v) => JSON.stringify(v))).size === values.length || `${what} has duplicates`;
}

/** The study's knobs; every grid is a non-empty list. The notebook's values are the seed profile (profiles.ts). */
export const studyConfigSchema = z.strictObject({
  split,
  knn: z.strictObject({
    k: z.array(positiveInt).min(1, 'is empty').refine(distinct('knn.k')),
    weights: z.array(knnWeights).min(1, 'is empty').refine(distinct('knn.weights')),
    metric: z.array(knnMetric).min(1, 'is empty').refine(distinct('knn.metric')),
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
    final: mlpFinalChoice,
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
