import type { CsvRow, CsvTable } from '../readCsvTable.js';
import { cellNumber } from '../cellNumber.js';
import { SweepflowError } from '../../sweepflowError.js';

/** The index of a column a step reads; a name the table lacks is the step's error. */
export function columnIndex(table: CsvTable, name: string): number {
  const j = table.header.indexOf(name);
  if (j < 0) throw new SweepflowError(`no column '${name}' (columns: ${table.header.join(', ')})`);
  return j;
}

/** A column's cells as numbers (null: missing); a cell that is not a number is the step's error, naming its line. */
export function numericColumn(table: CsvTable, name: string): (number | null)[] {
  const j = columnIndex(table, name);
  return table.rows.map((row) => {
    const value = cellNumber(row.fields[j]);
    if (value === undefined) throw new SweepflowError(`column '${name}' is not numeric: '${row.fields[j]}' on line ${row.line}`);
    return value;
  });
}

/** A column's cells as text, null when empty (missing). */
export function textColumn(table: CsvTable, name: string): (string | null)[] {
  const j = columnIndex(table, name);
  return table.rows.map((row) => (row.fields[j].trim() === '' ? null : row.fields[j]));
}

/**
 * The table with column `name` set to `values` (null: missing, an empty cell): replaced where the
 * table has it, as a pandas assignment does, else appended. Numbers are written as JavaScript's
 * shortest round-tripping text, so reading them back gives the same doubles.
 */
export function withColumn(table: CsvTable, name: string, values: readonly (string | number | null)[]): CsvTable {
  const existing = table.header.indexOf(name);
  const j = existing < 0 ? table.header.length : existing;
  const rows: CsvRow[] = table.rows.map((row, i) => {
    const fields = [...row.fields];
    fields[j] = values[i] === null ? '' : String(values[i]);
    return { line: row.line, fields };
  });
  return { ...table, header: existing < 0 ? [...table.header, name] : table.header, rows };
}
