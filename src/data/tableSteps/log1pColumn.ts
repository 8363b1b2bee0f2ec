import { SweepflowError } from '../../sweepflowError.js';
import type { CsvTable } from '../readCsvTable.js';
import { numericColumn, withColumn } from './tableColumn.js';

/** np.log1p of a numeric column into `as`; missing stays missing, and a value ≤ −1 (no finite log) is refused. */
export function log1pColumn(table: CsvTable, column: string, as: string): CsvTable {
  const values = numericColumn(table, column).map((value, i) => {
    if (value === null) return null;
    if (!(value > -1)) throw new SweepflowError(`column '${column}': log1p(${value}) is not finite (line ${table.rows[i].line})`);
    return Math.log1p(value);
  });
  return withColumn(table, as, values);
}
