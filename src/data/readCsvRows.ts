import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { SweepflowError } from '../sweepflowError.js';
import { CsvText } from './csvText.js';
import { locate } from './locate.js';
import { scanCsv } from './parseCsvText.js';

/** A CSV on disk, or its bytes already in memory (a worker's copy of a run's dataset) under the name errors give it. */
export type CsvSource = string | { readonly name: string; readonly bytes: Buffer };

/**
 * Where a CSV's data rows go as they are read: each row's line and fields (as many as the
 * header has), refusing a bad field with a one-line SweepflowError, then what they made.
 */
export interface CsvRowSink<Result> {
  /** The indices of the fields add reads, if not all: the others reach it as '', their strings never made. */
  readonly fieldsRead?: readonly number[];
  add(line: number, fields: readonly string[]): void;
  result(): Result;
}

/** A CSV read and checked: its header, what its data rows made and the sha256 of the file's bytes. */
export interface CsvRead<Result> {
  readonly file: string;
  readonly sha256: string;
  readonly header: readonly string[];
  readonly result: Result;
}

/** A sink that keeps what `rowOf` makes of each row. */
export function collectRows<Row>(rowOf: (line: number, fields: readonly string[]) => Row): CsvRowSink<Row[]> {
  const rows: Row[] = [];
  return { add: (line, fields) => void rows.push(rowOf(line, fields)), result: () => rows };
}

/**
 * Reads a CSV with a header row, checking it: a UTF-8 BOM and CRLF line ends are accepted;
 * anything malformed (binary data, a duplicated or missing required column, a row of the
 * wrong width, an unclosed quote) is a one-line SweepflowError naming file and line, as is a
 * field the sink refuses. The sink (made for the file's checked header) gets each row as it is
 * read, so the rows' fields need not all be kept.
 */
export async function readCsvRows<Result>(
  source: CsvSource,
  requiredColumns: readonly string[],
  sinkFor: (file: string, header: readonly string[]) => CsvRowSink<Result>,
): Promise<CsvRead<Result>> {
  const file = typeof source === 'string' ? source : source.name;
  const bytes = typeof source === 'string' ? await fileBytes(source) : source.bytes;
  if (bytes.length === 0) throw new SweepflowError(`${file}: file is empty`);
  // Checked before parsing: otherwise the garbage is reported as a bad header.
  if (bytes.includes(0)) throw new SweepflowError(`${file}: binary data (NUL byte), not a CSV text file`);

  // Errors are reported as if the whole text were parsed first, then the header checked, then
  // every row's width, then the rows read: the first problem of each kind waits for the scan.
  let records = 0;
  let header: readonly string[] = [];
  let sink: CsvRowSink<Result> | undefined;
  let headerError: unknown;
  let widthError: SweepflowError | undefined;
  let rowError: unknown;
  const reader: { wanted: Uint8Array | null; record(line: number, fields: string[]): void } = { wanted: null, record };
  function record(line: number, fields: string[]): void {
    records++;
    if (records === 1) {
      try {
        header = checkHeader(locate(file, line), fields, requiredColumns);
      } catch (error) {
        headerError = error;
        return;
      }
      sink = sinkFor(file, header);
      reader.wanted = sink.fieldsRead === undefined ? null : fieldMask(sink.fieldsRead, header.length);
      return;
    }
    if (sink === undefined || widthError !== undefined) return;
    if (fields.length !== header.length) {
      widthError = new SweepflowError(`${locate(file, line)}: expected ${header.length} fields, found ${fields.length}`);
      return;
    }
    if (rowError !== undefined) return;
    try {
      sink.add(line, fields);
    } catch (error) {
      rowError = error;
    }
  }
  scanCsv(CsvText.ofBytes(bytes), file, reader);
  if (records === 0) throw new SweepflowError(`${file}: file is empty`);
  if (headerError !== undefined) throw headerError;
  if (records === 1) throw new SweepflowError(`${file}: header only, no data rows`);
  if (widthError !== undefined) throw widthError;
  if (rowError !== undefined) throw rowError;
  return { file, sha256: createHash('sha256').update(bytes).digest('hex'), header, result: sink!.result() };
}

function fieldMask(fields: readonly number[], width: number): Uint8Array {
  const mask = new Uint8Array(width);
  for (const k of fields) mask[k] = 1;
  return mask;
}

async function fileBytes(file: string): Promise<Buffer> {
  const info = await stat(file).catch(() => {
    throw new SweepflowError(`${file}: file not found`);
  });
  if (!info.isFile()) throw new SweepflowError(`${file}: not a regular file`);
  return readFile(file);
}

function checkHeader(at: string, header: string[], requiredColumns: readonly string[]): string[] {
  const names = header.map((name) => name.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new SweepflowError(`${at}: duplicated column '${name}' in header`);
    seen.add(name);
  }
  const missing = requiredColumns.filter((name) => !seen.has(name));
  if (missing.length > 0) {
    throw new SweepflowError(`${at}: missing required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}`);
  }
  return names;
}
