import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { SweepflowError } from '../sweepflowError.js';
import { locate } from './locate.js';
import { CsvText } from './csvText.js';
import { scanCsv, type CsvRecord } from './parseCsvText.js';

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

/**
 * Reads a CSV with a header row, checking it: a UTF-8 BOM and CRLF line ends are accepted;
 * anything malformed (binary data, a duplicated or missing required column, a row of the
 * wrong width, an unclosed quote) is a one-line SweepflowError naming file and line.
 */
export async function readCsvTable(source: CsvSource, requiredColumns: readonly string[] = []): Promise<CsvTable> {
  const file = typeof source === 'string' ? source : source.name;
  const bytes = typeof source === 'string' ? await fileBytes(source) : source.bytes;
  if (bytes.length === 0) throw new SweepflowError(`${file}: file is empty`);
  // Checked before parsing: otherwise the garbage is reported as a bad header.
  if (bytes.includes(0)) throw new SweepflowError(`${file}: binary data (NUL byte), not a CSV text file`);

  const records: CsvRecord[] = [];
  scanCsv(CsvText.ofBytes(bytes), file, (line, fields) => records.push({ line, fields }));
  if (records.length === 0) throw new SweepflowError(`${file}: file is empty`);
  const header = checkHeader(locate(file, records[0].line), records[0].fields, requiredColumns);
  if (records.length === 1) throw new SweepflowError(`${file}: header only, no data rows`);
  const rows = records.slice(1);
  for (const { line, fields } of rows) {
    if (fields.length !== header.length) throw new SweepflowError(`${locate(file, line)}: expected ${header.length} fields, found ${fields.length}`);
  }
  return { file, sha256: createHash('sha256').update(bytes).digest('hex'), header, rows };
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
