import { collectRows, readCsvRows, type CsvSource } from './readCsvRows.js';

/** One data row of a CSV: its line in the file (where it starts) and its fields as text. */
export interface CsvRow {
  readonly line: number;
  readonly fields: readonly string[];
}

/** A CSV read and checked: its header, its rows and the sha256 of the file's bytes. */
export interface CsvTable {
  readonly file: string;
  readonly sha256: string;
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
}

/** Reads a CSV with a header row, checked as readCsvRows does, each row kept as its fields. */
export async function readCsvTable(source: CsvSource, requiredColumns: readonly string[] = []): Promise<CsvTable> {
  const { file, sha256, header, result } = await readCsvRows(source, requiredColumns, () => collectRows((line, fields) => ({ line, fields })));
  return { file, sha256, header, rows: result };
}
