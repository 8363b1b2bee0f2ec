import type { CsvTable } from '../readCsvTable.js';
import { textColumn, withColumn } from './tableColumn.js';

/**
 * `df.groupby(column)[column].transform('count')` into `as`: for each row, how many rows of the
 * table (as it is at this step) share its value; a missing value is in no group (groupby drops
 * NaN keys), so its count is missing.
 */
export function groupCount(table: CsvTable, column: string, as: string): CsvTable {
  const keys = textColumn(table, column);
  const counts = new Map<string, number>();
  for (const key of keys) if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  return withColumn(table, as, keys.map((key) => (key === null ? null : counts.get(key)!)));
}
