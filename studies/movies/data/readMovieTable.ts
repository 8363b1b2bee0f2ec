import { readCsvRows, type CsvSource, type RowReader } from '../../../src/data/readCsvRows.js';
import type { CsvTable } from '../../../src/data/readCsvTable.js';
import { movieColumnIndex, parseMovieRecord } from './parseMovieRecord.js';
import { REQUIRED_COLUMNS, type MovieRecord } from './movieSchema.js';

/** A movie table read and checked: its records and the sha256 of the file's bytes. */
export interface MovieTable {
  readonly file: string;
  readonly sha256: string;
  readonly records: readonly MovieRecord[];
}

/** Reads a movie CSV, checking its header and every value: bad input is a one-line SweepflowError. */
export async function readMovieTable(source: CsvSource): Promise<MovieTable> {
  const table = await readCsvRows(source, REQUIRED_COLUMNS, movieRecordReader);
  return { file: table.file, sha256: table.sha256, records: table.rows };
}

/** A CSV's rows as movie records, each value checked; a column the table lacks reads as missing. */
export function movieRecords(table: CsvTable): MovieRecord[] {
  const recordOf = movieRecordReader(table.file, table.header);
  return table.rows.map((row) => recordOf(row.line, row.fields));
}

const movieRecordReader: RowReader<MovieRecord> = (file, header) => {
  const columns = movieColumnIndex(header);
  return (line, fields) => parseMovieRecord(file, line, columns, fields);
};
