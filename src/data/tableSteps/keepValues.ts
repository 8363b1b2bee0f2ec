import type { CsvTable } from '../readCsvTable.js';
import { textColumn, withColumn } from './tableColumn.js';

/**
 * `column.where(column.isin(values), other)` into `as`: a listed value is kept, any other value,
 * a missing one included (isin is false for NaN), becomes `other`.
 */
export function keepValues(table: CsvTable, column: string, values: readonly string[], other: string, as: string): CsvTable {
  const kept = new Set(values);
  return withColumn(table, as, textColumn(table, column).map((value) => (value !== null && kept.has(value) ? value : other)));
}
