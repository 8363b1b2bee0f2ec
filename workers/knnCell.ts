import { selectValues } from '../src/data/numericTable.js';
import { kFold } from '../src/data/splits.js';
import { TrialInputError, type TrialContext } from '../src/engine/trialProcessor.js';
import { foldRmse } from '../src/models/knnGridSearch.js';
import type { KnnMetric, KnnNeighbourTable } from '../src/models/knnNeighbourTable.js';
import { decodeNeighbourTable } from '../src/models/knnNeighbourTableCodec.js';
import type { KnnWeights } from '../src/models/knnRegressor.js';
import type { KnnTableResult } from './knnTable.js';
import { numericDesign, studyConfig, trainScaledSplit } from './studyInputs.js';

/** Decoded tables per stored table result: every cell of a thread reads the same ten. */
const decodedTables = new WeakMap<KnnTableResult, KnnNeighbourTable>();

function neighbourTable(encoded: KnnTableResult): KnnNeighbourTable {
  let table = decodedTables.get(encoded);
  if (table === undefined) decodedTables.set(encoded, (table = decodeNeighbourTable(Buffer.from(encoded.table, 'base64'))));
  return table;
}

export interface KnnCellResult {
  readonly k: number;
  readonly metric: KnnMetric;
  readonly byWeights: { weights: KnnWeights; foldRmse: number[] }[];
}

/** One (k, metric) of the grid: per-fold RMSE for every weighting, read off the fold tables. */
export async function knnCell(context: TrialContext<{ k: number; metric: KnnMetric }>): Promise<KnnCellResult> {
  const { k, metric } = context.params;
  const config = await studyConfig(context);
  const { train } = trainScaledSplit(await numericDesign(context), config.split.testSize, config.split.randomState);
  const folds = kFold(train.X.rows, config.knn.folds);
  const tables = (await context.upstream<KnnTableResult>('knn-table')).map((t) => t.result).filter((t) => t.metric === metric);
  const byFold = folds.map((split, f) => {
    const encoded = tables.find((t) => t.fold === f);
    if (encoded === undefined) throw new TrialInputError(`no ${metric} neighbour table for fold ${f}`);
    const table = neighbourTable(encoded);
    if (k > table.kMax) throw new TrialInputError(`k=${k} exceeds the neighbour tables' kMax ${table.kMax}`);
    return { table, yTrain: selectValues(train.y, split.train), yValid: selectValues(train.y, split.test) };
  });
  return {
    k,
    metric,
    byWeights: config.knn.weights.map((weights) => ({
      weights,
      foldRmse: byFold.map(({ table, yTrain, yValid }) => foldRmse(table, yTrain, yValid, k, weights)),
    })),
  };
}
