import type { NumericTable } from './numericTable.js';

/** A regression design: predictors without the constant, and the target. */
export interface Design {
  readonly X: NumericTable;
  readonly y: Float64Array;
}
