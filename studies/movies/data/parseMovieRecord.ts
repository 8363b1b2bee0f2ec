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
export type MovieColumnIndex = { readonly [C in NumericColumn | TextColumn]: number };

export function movieColumnIndex(header: readonly string[]): MovieColumnIndex {
  return Object.fromEntries([...NUMERIC_COLUMNS, ...TEXT_COLUMNS].map((name) => [name, header.indexOf(name)])) as MovieColumnIndex;
}

export function parseMovieRecord(file: string, line: number, columns: MovieColumnIndex, fields: readonly string[]): MovieRecord {
  // One literal, so that every record has the same shape; its values are checked in NUMERIC_COLUMNS' order.
  return {
    line,
    budget: parseNumber(file, line, 'budget', fields[columns.budget]),
    revenue: parseNumber(file, line, 'revenue', fields[columns.revenue]),
    runtime: parseNumber(file, line, 'runtime', fields[columns.runtime]),
    release_year: parseNumber(file, line, 'release_year', fields[columns.release_year]),
    vote_average: parseNumber(file, line, 'vote_average', fields[columns.vote_average]),
    vote_count: parseNumber(file, line, 'vote_count', fields[columns.vote_count]),
    keyword_count: parseNumber(file, line, 'keyword_count', fields[columns.keyword_count]),
    user_rating_count: parseNumber(file, line, 'user_rating_count', fields[columns.user_rating_count]),
    genres: parseText(fields[columns.genres]),
    original_language: parseText(fields[columns.original_language]),
    lead_actor: parseText(fields[columns.lead_actor]),
  };
}

/** A field of a column the table lacks (index -1) is undefined: missing, like an empty one. */
export function parseText(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  // Most fields start and end with a printable ASCII char, which trim() would not remove: no call.
  const text = isPrintableAscii(raw.charCodeAt(0)) && isPrintableAscii(raw.charCodeAt(raw.length - 1)) ? raw : raw.trim();
  return text === '' ? null : text;
}

function isPrintableAscii(code: number): boolean {
  return code > 0x20 && code < 0x7f;
}

export function parseNumber(file: string, line: number, name: NumericColumn, raw: string | undefined): number | null {
  const text = parseText(raw);
  if (text === null) return null;
  const value = Number(text);
  // Number() reads what NUMBER matches and also Infinity and hex, octal and binary integers: only
  // a value that is not a finite decimal needs the regex. The location is built only for an error.
  if (!(Number.isFinite(value) && !hasRadixPrefix(text)) && !NUMBER.test(text)) {
    throw new SweepflowError(`${locate(file, line, name)}: '${clip(text)}' is not a number`);
  }
  if (!Number.isFinite(value) || Math.abs(value) > MAX_MAGNITUDE) {
    throw new SweepflowError(`${locate(file, line, name)}: ${clip(text)} is out of range (|value| must be at most ${MAX_MAGNITUDE})`);
  }
  if (value < 0 && NON_NEGATIVE_COLUMNS.has(name)) throw new SweepflowError(`${locate(file, line, name)}: ${clip(text)} is negative`);
  return value;
}

/** 0x, 0o or 0b (either case): an integer Number() reads in another base. */
function hasRadixPrefix(text: string): boolean {
  const letter = text.charCodeAt(1) | 0x20;
  return text.charCodeAt(0) === 0x30 && (letter === 0x78 || letter === 0x6f || letter === 0x62);
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
