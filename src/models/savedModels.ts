import { z } from 'zod';
import { SweepflowError } from '../sweepflowError.js';
import { olsFitSchema } from './olsResultSchema.js';
import { decodeFloat64 } from '../data/float64Codec.js';
import { numericTable, type NumericTable } from '../data/numericTable.js';
import { knnPredictor } from './knnRegressor.js';
import { mlpPredictor } from './mlp.js';
import { predictOls } from './ols.js';
import { applyStandardScaler } from './standardScaler.js';

/** The models `predict` can load from a run, by the names results.json's comparison uses. */
export const SAVED_MODEL_NAMES = ['knn', 'mlp', 'ols_numeric'] as const;
export type SavedModelName = (typeof SAVED_MODEL_NAMES)[number];

/** The file under runs/<runId>/models/ that holds each model. */
export const SAVED_MODEL_FILES: Readonly<Record<SavedModelName, string>> = { knn: 'knn', mlp: 'mlp', ols_numeric: 'ols' };

export type Predictor = (X: NumericTable) => Float64Array;

export function assertSavedModelName(name: string): asserts name is SavedModelName {
  if (!(SAVED_MODEL_NAMES as readonly string[]).includes(name)) {
    throw new SweepflowError(`unknown model '${name}': expected one of ${SAVED_MODEL_NAMES.join(', ')}`);
  }
}

const num = z.number().finite();
const scaler = z.object({ columns: z.array(z.string()).min(1), mean: z.array(num), scale: z.array(num) });
const knnModel = z.object({
  type: z.literal('knn'),
  params: z.object({ k: z.number().int().positive(), weights: z.enum(['uniform', 'distance']), metric: z.enum(['euclidean', 'manhattan']) }),
  scaler,
  trainX: z.string(),
  trainY: z.string(),
});
const mlpModel = z.object({
  type: z.literal('mlp'),
  scaler,
  layers: z.array(z.object({ kernel: z.array(z.array(num)), bias: z.array(num) })).min(1),
});
const olsModel = z.object({ type: z.literal('ols'), numericOnSplit: olsFitSchema });

/**
 * A saved model as a predict function on the unscaled numeric design: KNN and MLP apply their
 * saved scaler first, OLS (fitted on the comparison split's training rows) takes raw values.
 */
export function savedModelPredictor(name: SavedModelName, saved: unknown): Predictor {
  switch (name) {
    case 'knn': {
      const model = parse(name, knnModel, saved);
      const modelScaler = checkedScaler(name, model.scaler);
      const trainY = decodeFloat64(model.trainY);
      const trainX = numericTable(model.scaler.columns, decodeFloat64(model.trainX));
      if (trainX.rows !== trainY.length) {
        throw new Error(`saved model knn: trainX has ${trainX.rows} rows, trainY ${trainY.length} values`);
      }
      const predict = knnPredictor(trainX, trainY, model.params);
      return (X) => predict(applyStandardScaler(modelScaler, X));
    }
    case 'mlp': {
      const model = parse(name, mlpModel, saved);
      const modelScaler = checkedScaler(name, model.scaler);
      const predict = mlpPredictor(model.layers);
      return (X) => predict(applyStandardScaler(modelScaler, X));
    }
    case 'ols_numeric': {
      const model = parse(name, olsModel, saved);
      return (X) => predictOls(model.numericOnSplit, X);
    }
  }
}

function parse<T>(name: SavedModelName, schema: z.ZodType<T>, saved: unknown): T {
  const parsed = schema.safeParse(saved);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`saved model ${name} is malformed: ${issue?.path.join('.') || 'model'}: ${issue?.message}`);
  }
  return parsed.data;
}

function checkedScaler(name: SavedModelName, s: z.infer<typeof scaler>) {
  if (s.mean.length !== s.columns.length || s.scale.length !== s.columns.length) {
    throw new Error(`saved model ${name}: scaler has ${s.columns.length} columns but ${s.mean.length} means and ${s.scale.length} scales`);
  }
  return s;
}
