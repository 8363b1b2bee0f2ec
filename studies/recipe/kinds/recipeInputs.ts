import type { Design } from '../../../src/data/design.js';
import { decodeDesign } from '../../../src/data/designCodec.js';
import { selectRows, selectValues, type NumericTable } from '../../../src/data/numericTable.js';
import { trainTestSplit } from '../../../src/data/splits.js';
import type { TrialContext } from '../../../src/engine/trialContext.js';
import { applyStandardScaler, fitStandardScaler, type StandardScaler } from '../../../src/models/standardScaler.js';
import type { PreparedTable } from '../trialResults.js';

/** A train/validation split of df_num, scaled with a scaler fitted as the notebook's cell does. */
export interface ScaledSplit {
  readonly scaler: StandardScaler;
  readonly train: Design;
  readonly valid: Design;
}

export async function preprocessed(context: TrialContext<unknown>): Promise<PreparedTable> {
  const [only] = await context.upstream<PreparedTable>('preprocess');
  return only.result;
}

/**
 * Decoded designs and splits, per stored result object: a thread runs many trials on the same
 * upstream result (100 KNN cells), and the results its trials read are shared objects (runTrial.ts).
 */
const decodedDesigns = new WeakMap<object, Design>();
const scaledSplits = new WeakMap<Design, Map<string, ScaledSplit>>();
const scaledDesigns = new WeakMap<Design, { scaler: StandardScaler; X: NumericTable }>();

export async function numericDesign(context: TrialContext<unknown>): Promise<Design> {
  const { numeric } = await preprocessed(context);
  let design = decodedDesigns.get(numeric);
  if (design === undefined) decodedDesigns.set(numeric, (design = decodeDesign(numeric)));
  return design;
}

/** The study's train/validation split (the notebook's 75/25, random_state 3001) with the scaler fitted on the training rows. */
export function trainScaledSplit(design: Design, testSize: number, randomState: number): ScaledSplit {
  const splits = scaledSplits.get(design) ?? new Map<string, ScaledSplit>();
  scaledSplits.set(design, splits);
  const key = `${testSize}/${randomState}`;
  let split = splits.get(key);
  if (split === undefined) splits.set(key, (split = fitTrainScaledSplit(design, testSize, randomState)));
  return split;
}

function fitTrainScaledSplit(design: Design, testSize: number, randomState: number): ScaledSplit {
  const { train, test } = trainTestSplit(design.X.rows, testSize, randomState);
  const rawTrain = selectRows(design.X, train);
  const scaler = fitStandardScaler(rawTrain);
  return {
    scaler,
    train: { X: applyStandardScaler(scaler, rawTrain), y: selectValues(design.y, train) },
    valid: { X: applyStandardScaler(scaler, selectRows(design.X, test)), y: selectValues(design.y, test) },
  };
}

/** The baseline MLP's cell: scaler fitted on every row, then the split. */
export function allScaledSplit(design: Design, testSize: number, randomState: number): ScaledSplit {
  const scaler = fitStandardScaler(design.X);
  const scaled = applyStandardScaler(scaler, design.X);
  const { train, test } = trainTestSplit(design.X.rows, testSize, randomState);
  return {
    scaler,
    train: { X: selectRows(scaled, train), y: selectValues(design.y, train) },
    valid: { X: selectRows(scaled, test), y: selectValues(design.y, test) },
  };
}

/** K-Means and PCA cells: every df_num row, scaled on all of them; once per design, as the splits are. */
export function scaledAll(design: Design): { scaler: StandardScaler; X: NumericTable } {
  let scaled = scaledDesigns.get(design);
  if (scaled === undefined) {
    const scaler = fitStandardScaler(design.X);
    scaledDesigns.set(design, (scaled = { scaler, X: applyStandardScaler(scaler, design.X) }));
  }
  return scaled;
}
