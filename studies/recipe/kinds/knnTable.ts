import { z } from 'zod';
import { kFold } from '../../../src/data/splits.js';
import { defineJobKind } from '../../../src/engine/jobKind.js';
import { foldNeighbourTable } from '../../../src/models/knnGridSearch.js';
import { encodeNeighbourTable } from '../../../src/models/knnNeighbourTableCodec.js';
import { knnMetric, positiveInt, split } from '../recipeConfig.js';
import type { KnnTableResult } from '../trialResults.js';
import { numericDesign, trainScaledSplit } from './recipeInputs.js';

/** One (metric, fold) neighbour table of the grid search's KFold over the scaled training rows. */
export const knnTable = defineJobKind({
  name: 'knn-table',
  module: import.meta.url,
  params: z
    .strictObject({ metric: knnMetric, fold: z.number().int().min(0), kMax: positiveInt, split, folds: z.number().int().min(2) })
    .refine((p) => p.fold < p.folds, { message: 'fold must be less than folds', path: ['fold'] }),
  reads: ['preprocess'],
  async run(context): Promise<KnnTableResult> {
    const { metric, fold, kMax, split, folds } = context.params;
    const { train } = trainScaledSplit(await numericDesign(context), split.testSize, split.randomState);
    const table = foldNeighbourTable(train.X, kFold(train.X.rows, folds)[fold], metric, kMax);
    context.progress(1);
    return { metric, fold, table: encodeNeighbourTable(table) };
  },
});
