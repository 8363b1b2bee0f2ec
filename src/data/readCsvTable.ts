import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline, Readable, Transform } from 'node:stream';
import { createHash } from 'node:crypto';
import { parse, CsvError } from 'csv-parse';
import { SweepflowError } from '../sweepflowError.js';
import { locate } from './locate.js';

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

/** A CSV on disk, or its bytes already in memory (a worker's copy of a run's dataset) under the name errors give it. */
export type CsvSource = string | { readonly name: string; readonly bytes: Buffer };

/** One record longer than this is not a table row: refuse it instead of buffering it. */
export const MAX_RECORD_BYTES = 1 << 20;

/**
 * Streams a CSV with a header row, checking it on the way: a UTF-8 BOM and CRLF line ends are
 * accepted; anything malformed (binary data, a duplicated or missing required column, a row
 * of the wrong width, an unclosed quote) is a one-line SweepflowError naming file and line.
 */
export async function readCsvTable(source: CsvSource, requiredColumns: readonly string[] = []): Promise<CsvTable> {
  const file = typeof source === 'string' ? source : source.name;
  const size = typeof source === 'string' ? await fileSize(source) : source.bytes.length;
  if (size === 0) throw new SweepflowError(`${file}: file is empty`);

  const hash = createHash('sha256');
  // Checked before the parser sees the bytes: otherwise the garbage is reported as a bad header.
  const textOnly = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      if (chunk.includes(0)) done(new SweepflowError(`${file}: binary data (NUL byte), not a CSV text file`));
      else done(null, chunk);
    },
  });
  const recordStart: RecordStart = { line: 1, emptyLinesBefore: 0 };
  const parser = parse({
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    max_record_size: MAX_RECORD_BYTES,
    // Called as each record completes, even if the iterator below never sees it: the next
    // record starts after it, which is where an unclosed quote or an overlong record began.
    on_record: (record: string[], context) => {
      recordStart.line = context.lines + 1;
      recordStart.emptyLinesBefore = context.empty_lines;
      return record;
    },
  });
  pipeline(typeof source === 'string' ? createReadStream(source) : Readable.from([source.bytes]), textOnly, parser, () => undefined);

  let header: string[] | undefined;
  const rows: CsvRow[] = [];
  try {
    for await (const { record, info: at } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (header === undefined) {
        header = checkHeader(file, record, requiredColumns);
        continue;
      }
      if (record.length !== header.length) {
        throw new SweepflowError(`${locate(file, at.lines)}: expected ${header.length} fields, found ${record.length}`);
      }
      rows.push({ line: at.lines, fields: record });
    }
  } catch (error) {
    throw asSweepflowError(file, error, recordStart);
  }
  if (header === undefined) throw new SweepflowError(`${file}: file is empty`);
  if (rows.length === 0) throw new SweepflowError(`${file}: header only, no data rows`);
  return { file, sha256: hash.digest('hex'), header, rows };
}

async function fileSize(file: string): Promise<number> {
  const info = await stat(file).catch(() => {
    throw new SweepflowError(`${file}: file not found`);
  });
  if (!info.isFile()) throw new SweepflowError(`${file}: not a regular file`);
  return info.size;
}

function checkHeader(file: string, header: string[], requiredColumns: readonly string[]): string[] {
  const names = header.map((name) => name.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new SweepflowError(`${locate(file, 1)}: duplicated column '${name}' in header`);
    seen.add(name);
  }
  const missing = requiredColumns.filter((name) => !seen.has(name));
  if (missing.length > 0) {
    throw new SweepflowError(`${locate(file, 1)}: missing required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}`);
  }
  return names;
}

/** The line after the last complete record, and the empty lines skipped up to it (more may follow). */
interface RecordStart {
  line: number;
  emptyLinesBefore: number;
}

function asSweepflowError(file: string, error: unknown, start: RecordStart): SweepflowError {
  if (error instanceof SweepflowError) return error;
  if (error instanceof CsvError) {
    // A stray quote swallows the lines after it: name the line the record began on, not where parsing gave up.
    const line = start.line + ((error as CsvError & { empty_lines?: number }).empty_lines ?? 0) - start.emptyLinesBefore;
    const what =
      error.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'unterminated quoted field'
        : error.code === 'CSV_MAX_RECORD_SIZE'
          ? `record longer than ${MAX_RECORD_BYTES} bytes`
          : error.message;
    return new SweepflowError(`${locate(file, line)}: ${what}`);
  }
  return new SweepflowError(`${file}: ${(error as Error).message ?? String(error)}`);
}
