import { SweepflowError } from '../sweepflowError.js';
import { locate } from './locate.js';
import type { CsvTable } from './readCsvTable.js';

/** Each row's name in predictions: its `idColumn` value, or its CSV line when none is given. */
export function rowIds(table: CsvTable, idColumn: string | undefined): Map<number, string> {
  if (idColumn === undefined) return new Map(table.rows.map((row) => [row.line, String(row.line)]));
  const j = table.header.indexOf(idColumn);
  if (j < 0) throw new SweepflowError(`${locate(table.file, 1)}: no id column '${idColumn}' (--id) in the table`);
  return new Map(table.rows.map((row) => [row.line, row.fields[j]]));
}
