import { z } from 'zod';
import { float64Bytes } from '../../../src/data/float64Codec.js';
import { defineJobKind } from '../../../src/engine/jobKind.js';
import { fitPca, transformPca } from '../../../src/models/pca.js';
import type { PcaResult } from '../trialResults.js';
import { numericDesign, scaledAll } from './recipeInputs.js';

/** PCA of the scaled numeric predictors, every component kept (the notebook's scree and loadings). */
export const pca = defineJobKind({
  name: 'pca',
  module: import.meta.url,
  params: z.strictObject({}),
  reads: ['preprocess'],
  async run(context): Promise<PcaResult> {
    const design = await numericDesign(context);
    const { scaler, X } = scaledAll(design);
    const model = fitPca(X);
    const scores = transformPca(model, X, Math.min(3, model.components.length));
    return { model, scaler, scores3: float64Bytes(scores.data), target: float64Bytes(design.y) };
  },
  metrics: (result) => Object.fromEntries(result.model.explainedVarianceRatio.slice(0, 3).map((ratio, i) => [`explained.PC${i + 1}`, ratio])),
});
