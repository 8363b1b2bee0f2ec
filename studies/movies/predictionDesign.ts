import { numericTable, type NumericTable } from '../../src/data/numericTable.js';
import { NUMERIC_FEATURES, numericFeatures } from './data/movieFeatures.js';
import type { MovieRecord } from './data/movieSchema.js';

/** The rows of a movie table a saved model can predict, and why the others were left out. */
export interface PredictionDesign {
  /** The six numeric predictors (df_num's columns, unscaled), one row per usable record. */
  readonly X: NumericTable;
  /** The CSV line of each row of X. */
  readonly lines: readonly number[];
  readonly skipped: readonly { readonly line: number; readonly reason: string }[];
}

/**
 * The notebook's numeric design for prediction: budget > 0 (df_nz) and all six predictors
 * present, as preprocessMovies selects df_num, except that vote_average, the value being
 * predicted, may be missing.
 */
export function predictionDesign(records: readonly MovieRecord[]): PredictionDesign {
  const values: number[] = [];
  const lines: number[] = [];
  const skipped: { line: number; reason: string }[] = [];
  for (const record of records) {
    if (record.budget === null || !(record.budget > 0)) {
      skipped.push({ line: record.line, reason: record.budget === null ? 'budget is missing' : 'budget is not positive' });
      continue;
    }
    const features = numericFeatures(record);
    const missing = NUMERIC_FEATURES.filter((name) => features[name] === null);
    if (missing.length > 0) {
      skipped.push({ line: record.line, reason: `missing ${missing.join(', ')}` });
      continue;
    }
    for (const name of NUMERIC_FEATURES) values.push(features[name]!);
    lines.push(record.line);
  }
  return { X: numericTable(NUMERIC_FEATURES, Float64Array.from(values)), lines, skipped };
}
