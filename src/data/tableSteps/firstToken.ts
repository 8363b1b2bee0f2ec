import { SweepflowError } from '../../sweepflowError.js';
import type { CsvTable } from '../readCsvTable.js';
import { textColumn, withColumn } from './tableColumn.js';

/** `column.str.split(delimiter).str[0]` into `as`: the text before the first delimiter (all of it without one); missing stays missing. */
export function firstToken(table: CsvTable, column: string, delimiter: string, as: string): CsvTable {
  if (delimiter === '') throw new SweepflowError('the delimiter is empty');
  return withColumn(table, as, textColumn(table, column).map((value) => (value === null ? null : value.split(delimiter)[0])));
}
