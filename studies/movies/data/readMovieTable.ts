import { collectRows, readCsvRows, type CsvSource } from '../../../src/data/readCsvRows.js';
import type { CsvTable } from '../../../src/data/readCsvTable.js';
import type { MovieFrame } from './movieFrame.js';
import { movieFrameSink } from './movieFrameSink.js';
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
  const { file, sha256, result } = await readCsvRows(source, REQUIRED_COLUMNS, (file, header) => collectRows(movieRecordOf(file, header)));
  return { file, sha256, records: result };
}

/** readMovieTable by columns, with the same checks and errors: what preprocessing needs, without an object per record. */
export async function readMovieFrame(source: CsvSource): Promise<{ readonly file: string; readonly sha256: string; readonly frame: MovieFrame }> {
  const { file, sha256, result } = await readCsvRows(source, REQUIRED_COLUMNS, movieFrameSink);
  return { file, sha256, frame: result };
}

/** A CSV's rows as movie records, each value checked; a column the table lacks reads as missing. */
export function movieRecords(table: CsvTable): MovieRecord[] {
  const recordOf = movieRecordOf(table.file, table.header);
  return table.rows.map((row) => recordOf(row.line, row.fields));
}

function movieRecordOf(file: string, header: readonly string[]): (line: number, fields: readonly string[]) => MovieRecord {
  const columns = movieColumnIndex(header);
  return (line, fields) => parseMovieRecord(file, line, columns, fields);
}
