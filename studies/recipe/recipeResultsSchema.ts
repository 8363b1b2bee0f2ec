import { z } from 'zod';

/**
 * The parts of results.json every study running the notebook's recipe shares (DESIGN.md):
 * KNN, KMeans, PCA, MLP, the comparison and the timings. Each study adds its dataset and OLS parts.
 */
export const num = z.number().finite();
export const count = z.number().int().nonnegative();

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

export const recipeResultsShape = {
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
};

const recipeResultsSchema = z.strictObject(recipeResultsShape);
/** What the recipe's figures and tables read, whatever the study. */
export type RecipeResults = z.infer<typeof recipeResultsSchema>;
