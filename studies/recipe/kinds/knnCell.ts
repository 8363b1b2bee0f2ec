import { z } from 'zod';
import { selectValues } from '../../../src/data/numericTable.js';
import { kFold } from '../../../src/data/splits.js';
import { defineJobKind } from '../../../src/engine/jobKind.js';
import { SweepflowError } from '../../../src/sweepflowError.js';
import { foldRmse, meanFoldRmse } from '../../../src/models/knnGridSearch.js';
import type { KnnNeighbourTable } from '../../../src/models/knnNeighbourTable.js';
import { decodeNeighbourTable } from '../../../src/models/knnNeighbourTableCodec.js';
import { knnMetric, knnWeights, positiveInt, split } from '../recipeConfig.js';
import type { KnnCellResult, KnnTableResult } from '../trialResults.js';
import { numericDesign, trainScaledSplit } from './recipeInputs.js';

/** Decoded tables per stored table result: every cell of a thread reads the same ten. */
const decodedTables = new WeakMap<KnnTableResult, KnnNeighbourTable>();

function neighbourTable(encoded: KnnTableResult): KnnNeighbourTable {
  let table = decodedTables.get(encoded);
  if (table === undefined) decodedTables.set(encoded, (table = decodeNeighbourTable(encoded.table)));
  return table;
}

/** One (k, metric) of the grid: per-fold RMSE for every weighting, read off the fold tables. */
export const knnCell = defineJobKind({
  name: 'knn-cell',
  module: import.meta.url,
  params: z.strictObject({ k: positiveInt, metric: knnMetric, split, folds: z.number().int().min(2), weights: z.array(knnWeights).min(1) }),
  reads: ['preprocess', 'knn-table'],
  async run(context): Promise<KnnCellResult> {
    const { k, metric, split, folds, weights } = context.params;
    const { train } = trainScaledSplit(await numericDesign(context), split.testSize, split.randomState);
    const tables = (await context.upstream<KnnTableResult>('knn-table')).map((t) => t.result).filter((t) => t.metric === metric);
    const byFold = kFold(train.X.rows, folds).map((fold, f) => {
      const encoded = tables.find((t) => t.fold === f);
      if (encoded === undefined) throw new SweepflowError(`no ${metric} neighbour table for fold ${f}`);
      const table = neighbourTable(encoded);
      if (k > table.kMax) throw new SweepflowError(`k=${k} exceeds the neighbour tables' kMax ${table.kMax}`);
      return { table, yTrain: selectValues(train.y, fold.train), yValid: selectValues(train.y, fold.test) };
    });
    return {
      k,
      metric,
      byWeights: weights.map((w) => ({
        weights: w,
        foldRmse: byFold.map(({ table, yTrain, yValid }) => foldRmse(table, yTrain, yValid, k, w)),
      })),
    };
  },
  metrics: (result) => Object.fromEntries(result.byWeights.map((w) => [`cvRmse.${w.weights}`, meanFoldRmse(w.foldRmse)])),
  objective: { metric: 'cvRmse', goal: 'min' },
});
