import type { CsvTable } from '../readCsvTable.js';
import { columnIndex } from './tableColumn.js';

/** The table without the named columns (each must be in it). */
export function dropColumns(table: CsvTable, columns: readonly string[]): CsvTable {
  if (columns.length === 0) return table;
  const dropped = new Set(columns.map((name) => columnIndex(table, name)));
  const keep = (_: unknown, j: number) => !dropped.has(j);
  return { ...table, header: table.header.filter(keep), rows: table.rows.map((row) => ({ line: row.line, fields: row.fields.filter(keep) })) };
}
