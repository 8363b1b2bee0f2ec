import { describe, expect, it } from 'vitest';
import { movieColumnIndex, parseMovieRecord } from '../../studies/movies/data/parseMovieRecord.js';

/** What a field must read as: the regex decides what is a number, then Number() its value. */
function expected(raw: string, nonNegative: boolean): string | number | null {
  const text = raw.trim();
  if (text === '') return null;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return 'not a number';
  const value = Number(text);
  if (!Number.isFinite(value) || Math.abs(value) > 1e15) return 'out of range';
  if (nonNegative && value < 0) return 'negative';
  return value;
}

function outcome(raw: string, column: 'budget' | 'vote_average'): string | number | null {
  try {
    return parseMovieRecord('m.csv', 2, movieColumnIndex([column]), [raw])[column];
  } catch (error) {
    return /is not a number$/.test((error as Error).message) ? 'not a number' : /is out of range/.test((error as Error).message) ? 'out of range' : 'negative';
  }
}

describe('parseMovieRecord numbers', () => {
  it('reads every short text over a tricky alphabet as the regex and Number() do', () => {
    const symbols = ['0', '1', '9', '.', 'e', 'E', '+', '-', 'x', 'X', 'o', 'B', ' ', '\u00a0', '_', 'n'];
    const texts = ['Infinity', '-Infinity', '+Infinity', 'NaN', '0x1F', '0o7', '0b1', '0B1', '1e400', '-0', '1e15', '1e15.', '1000000000000001', '\ufeff1'];
    let layer = [''];
    for (let length = 1; length <= 4; length++) {
      layer = layer.flatMap((prefix) => symbols.map((s) => prefix + s));
      texts.push(...layer);
    }
    for (const text of texts) {
      for (const column of ['budget', 'vote_average'] as const) {
        const want = expected(text, column === 'budget');
        const got = outcome(text, column);
        if (!Object.is(got, want)) expect({ text, column, got }).toEqual({ text, column, got: want });
      }
    }
  });

  it('reads a column the table lacks as missing', () => {
    const record = parseMovieRecord('m.csv', 2, movieColumnIndex(['budget']), ['5']);
    expect(record).toMatchObject({ budget: 5, revenue: null, genres: null, line: 2 });
  });
});
