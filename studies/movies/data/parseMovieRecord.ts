import { locate } from '../../../src/data/locate.js';
import { SweepflowError } from '../../../src/sweepflowError.js';
import {
  MAX_MAGNITUDE,
  NON_NEGATIVE_COLUMNS,
  NUMERIC_COLUMNS,
  TEXT_COLUMNS,
  type MovieRecord,
  type NumericColumn,
} from './movieSchema.js';

/** A plain decimal or scientific number; 'NaN', 'Infinity', hex and the like are refused. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseMovieRecord(file: string, line: number, header: readonly string[], fields: readonly string[]): MovieRecord {
  const byName = new Map<string, string>();
  header.forEach((name, i) => byName.set(name, fields[i]));
  const record: Record<string, number | string | null> = { line };
  for (const name of NUMERIC_COLUMNS) record[name] = parseNumber(file, line, name, byName.get(name) ?? '');
  for (const name of TEXT_COLUMNS) {
    const text = (byName.get(name) ?? '').trim();
    record[name] = text === '' ? null : text;
  }
  return record as unknown as MovieRecord;
}

function parseNumber(file: string, line: number, name: NumericColumn, raw: string): number | null {
  const text = raw.trim();
  if (text === '') return null;
  const where = locate(file, line, name);
  if (!NUMBER.test(text)) throw new SweepflowError(`${where}: '${clip(text)}' is not a number`);
  const value = Number(text);
  if (!Number.isFinite(value) || Math.abs(value) > MAX_MAGNITUDE) {
    throw new SweepflowError(`${where}: ${clip(text)} is out of range (|value| must be at most ${MAX_MAGNITUDE})`);
  }
  if (value < 0 && NON_NEGATIVE_COLUMNS.has(name)) throw new SweepflowError(`${where}: ${clip(text)} is negative`);
  return value;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
