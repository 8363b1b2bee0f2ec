import { kFold } from '../src/data/splits.js';
import type { TrialContext } from '../src/engine/trialProcessor.js';
import { foldNeighbourTable } from '../src/models/knnGridSearch.js';
import type { KnnMetric } from '../src/models/knnNeighbourTable.js';
import { encodeNeighbourTable } from '../src/models/knnNeighbourTableCodec.js';
import { numericDesign, studyConfig, trainScaledSplit } from './studyInputs.js';

export interface KnnTableResult {
  readonly metric: KnnMetric;
  readonly fold: number;
  /** The encoded neighbour table (base64). */
  readonly table: string;
}

/** One (metric, fold) neighbour table of the grid search's KFold over the scaled training rows. */
export async function knnTable(context: TrialContext<{ metric: KnnMetric; fold: number; kMax: number }>): Promise<KnnTableResult> {
  const { metric, fold, kMax } = context.params;
  const config = await studyConfig(context);
  const { train } = trainScaledSplit(await numericDesign(context), config.split.testSize, config.split.randomState);
  const split = kFold(train.X.rows, config.knn.folds)[fold];
  const table = foldNeighbourTable(train.X, split, metric, kMax);
  context.progress(1);
  return { metric, fold, table: encodeNeighbourTable(table).toString('base64') };
}
