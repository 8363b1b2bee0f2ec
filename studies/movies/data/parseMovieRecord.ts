import { locate } from '../../../src/data/locate.js';
import { SweepflowError } from '../../../src/sweepflowError.js';
import {
  MAX_MAGNITUDE,
  NON_NEGATIVE_COLUMNS,
  NUMERIC_COLUMNS,
  TEXT_COLUMNS,
  type MovieRecord,
  type NumericColumn,
  type TextColumn,
} from './movieSchema.js';

/** A plain decimal or scientific number; 'NaN', 'Infinity', hex and the like are refused. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Where each column the study reads is in a table's rows (-1: the table lacks it), found once per table. */
export type MovieColumnIndex = ReadonlyMap<NumericColumn | TextColumn, number>;

export function movieColumnIndex(header: readonly string[]): MovieColumnIndex {
  return new Map([...NUMERIC_COLUMNS, ...TEXT_COLUMNS].map((name) => [name, header.indexOf(name)]));
}

export function parseMovieRecord(file: string, line: number, columns: MovieColumnIndex, fields: readonly string[]): MovieRecord {
  const field = (name: NumericColumn | TextColumn) => fields[columns.get(name)!] ?? '';
  const record: Record<string, number | string | null> = { line };
  for (const name of NUMERIC_COLUMNS) record[name] = parseNumber(file, line, name, field(name));
  for (const name of TEXT_COLUMNS) {
    const text = field(name).trim();
    record[name] = text === '' ? null : text;
  }
  return record as unknown as MovieRecord;
}

function parseNumber(file: string, line: number, name: NumericColumn, raw: string): number | null {
  const text = raw.trim();
  if (text === '') return null;
  // The location is built only for an error: most values are fine, and there are a million of them.
  if (!NUMBER.test(text)) throw new SweepflowError(`${locate(file, line, name)}: '${clip(text)}' is not a number`);
  const value = Number(text);
  if (!Number.isFinite(value) || Math.abs(value) > MAX_MAGNITUDE) {
    throw new SweepflowError(`${locate(file, line, name)}: ${clip(text)} is out of range (|value| must be at most ${MAX_MAGNITUDE})`);
  }
  if (value < 0 && NON_NEGATIVE_COLUMNS.has(name)) throw new SweepflowError(`${locate(file, line, name)}: ${clip(text)} is negative`);
  return value;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
