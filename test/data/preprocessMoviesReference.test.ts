import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Design } from '../../src/data/design.js';
import { encodeDesign } from '../../src/data/designCodec.js';
import type { MovieRecord } from '../../studies/movies/data/movieSchema.js';
import { decodeMovies, preprocessMovieFrame, preprocessMovies, type PreprocessedMovies } from '../../studies/movies/data/preprocessMovies.js';
import { readMovieFrame, readMovieTable } from '../../studies/movies/data/readMovieTable.js';

/*
 * The notebook's preprocessing written again the plain way, a row at a time with strings, and
 * nothing taken from studies/movies/data but the records: every design must equal it bit for bit.
 */

type Cell = number | string | null;
interface Frame {
  readonly columns: string[];
  readonly rows: Cell[][];
}

const NUMERIC = ['log_budget', 'log_revenue', 'log_vote_count', 'log_user_rating_count', 'log_keyword_count', 'runtime'];
const REDUCED_NUMERIC = ['log_vote_count', 'log_user_rating_count', 'runtime'];
const YEARS = ['Pre-1920', '1920-1949', '1950-1979', '1980-1999', '2000-2009', '2010-2019'];
const YEARS_EN_DASH = ['Pre\u20131920', '1920\u20131949', '1950\u20131979', '1980\u20131999', '2000\u20132009', '2010\u20132019'];
const POPULARITY = ['Low Popularity', 'Medium Popularity', 'High Popularity'];
const LANGUAGES = ['en', 'fr', 'ru', 'hi', 'es', 'de', 'ja', 'it'];

function referenceDesigns(records: readonly MovieRecord[]): { numeric: Design; full: Design; reduced: Design } {
  const nz = records.filter((r) => r.budget !== null && r.budget > 0);
  const films = new Map<string, number>();
  for (const r of nz) if (r.lead_actor !== null) films.set(r.lead_actor, (films.get(r.lead_actor) ?? 0) + 1);
  const log1p = (v: number | null) => (v === null ? null : Math.log1p(v));
  const yearIndex = (year: number | null) => {
    if (year === null) return null;
    const edges = [0, 1919, 1949, 1979, 1999, 2009, 2019];
    for (let b = 1; b < edges.length; b++) if (year > edges[b - 1] && year <= edges[b]) return b - 1;
    return null;
  };
  const popularity = (actor: string | null) => {
    const n = actor === null ? undefined : films.get(actor);
    if (n === undefined) return null;
    return POPULARITY[n <= 1 ? 0 : n <= 5 ? 1 : 2];
  };
  const frame = (years: readonly string[]): Frame => ({
    columns: [...NUMERIC, 'vote_average', 'primary_genre', 'year_group', 'language_group', 'popularity_group'],
    rows: nz.map((r) => {
      const year = yearIndex(r.release_year);
      return [
        log1p(r.budget), log1p(r.revenue), log1p(r.vote_count), log1p(r.user_rating_count), log1p(r.keyword_count), r.runtime,
        r.vote_average,
        r.genres === null ? null : r.genres.split('|')[0],
        year === null ? null : years[year],
        r.original_language !== null && LANGUAGES.includes(r.original_language) ? r.original_language : 'Other',
        popularity(r.lead_actor),
      ];
    }),
  });
  const categorical = ['primary_genre', 'year_group', 'language_group', 'popularity_group'];
  return {
    numeric: dummies(dropna(frame(YEARS), [...NUMERIC, 'vote_average']), NUMERIC, [], {}),
    full: dummies(dropna(frame(YEARS), [...NUMERIC, 'vote_average', ...categorical]), NUMERIC, categorical, {}),
    reduced: dummies(
      dropna(frame(YEARS_EN_DASH), [...REDUCED_NUMERIC, 'vote_average', ...categorical]),
      REDUCED_NUMERIC,
      categorical,
      { year_group: YEARS_EN_DASH, popularity_group: POPULARITY },
    ),
  };
}

function dropna(frame: Frame, subset: readonly string[]): Frame {
  const at = subset.map((name) => frame.columns.indexOf(name));
  return { columns: frame.columns, rows: frame.rows.filter((row) => at.every((j) => row[j] !== null)) };
}

/** pd.get_dummies(drop_first=True) on `categorical`, after the numeric columns; y is vote_average. */
function dummies(frame: Frame, numeric: readonly string[], categorical: readonly string[], categories: Record<string, string[]>): Design {
  const col = (name: string) => frame.columns.indexOf(name);
  const names = [...numeric];
  const parts = categorical.map((name) => {
    const values = frame.rows.map((row) => row[col(name)] as string);
    const levels = categories[name] ?? [...new Set(values)].sort(byCodePoint);
    names.push(...levels.slice(1).map((level) => `${name}_${level}`));
    return { values, levels: levels.slice(1) };
  });
  const data: number[] = [];
  frame.rows.forEach((row, i) => {
    for (const name of numeric) data.push(row[col(name)] as number);
    for (const { values, levels } of parts) for (const level of levels) data.push(values[i] === level ? 1 : 0);
  });
  return {
    X: { columns: names, rows: frame.rows.length, data: Float64Array.from(data) },
    y: Float64Array.from(frame.rows, (row) => row[col('vote_average')] as number),
  };
}

function byCodePoint(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** The first index where the two arrays' bits differ (-0 is not 0), or -1. */
function firstBitDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const x = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const y = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

/** Both ways in, records and the CSV read by columns as the preprocess stage reads it, against the reference. */
async function expectSameDesigns(source: { name: string; bytes: Buffer }): Promise<readonly MovieRecord[]> {
  const { records } = await readMovieTable(source);
  const reference = referenceDesigns(records);
  const encoded = preprocessMovieFrame((await readMovieFrame(source)).frame);
  // Built encoded, each design is what encodeDesign makes of its dense form, byte for byte.
  for (const name of ['numeric', 'full', 'reduced'] as const) expect(encoded[name], name).toStrictEqual(encodeDesign(reference[name]));
  const studies: [string, PreprocessedMovies][] = [
    ['records', preprocessMovies(records)],
    ['frame', decodeMovies(encoded)],
  ];
  for (const [way, study] of studies) {
    expect(study.rows, way).toBe(records.length);
    for (const name of ['numeric', 'full', 'reduced'] as const) {
      const [got, want] = [study[name], reference[name]];
      expect(got.X.columns, `${way} ${name}`).toEqual(want.X.columns);
      expect(got.X.rows, `${way} ${name}`).toBe(want.X.rows);
      expect(firstBitDifference(got.X.data, want.X.data), `${way} ${name} X`).toBe(-1);
      expect(firstBitDifference(got.y, want.y), `${way} ${name} y`).toBe(-1);
    }
  }
  return records;
}

/** A seeded table with every case the rules distinguish: missing values in each column, years out of range, other languages, actors with 1, 2-5 and 6+ films, empty and code-point-ordered genres, budgets that drop the row, -0. */
function edgeTable(rows: number): string {
  let state = 7;
  const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const pick = <T,>(values: readonly T[]) => values[Math.floor(random() * values.length)];
  const orEmpty = (value: string) => (random() < 0.08 ? '' : value);
  const amount = () => pick(['0', '1', '12.5', '1e3', '.5', '5.', '+7', ' 42 ', '3E-2', '-0', String(random() * 1e6)]);
  const genres = ['Drama|Comedy', 'Action', '\u00c4rger|X', '"Sci, Fi"', 'Zeta', '\u{1F600}Emoji', '\uFF01Wide', 'drama', ' Horror ', '|Lead', 'Drama'];
  const languages = ['en', 'fr', 'ru', 'hi', 'es', 'de', 'ja', 'it', 'ko', 'EN', 'xx', ' en '];
  const years = ['1919', '1920', '1949', '1950', '1979', '1980', '1999', '2000', '2009', '2010', '2019', '2020', '0', '-5', '1800.5', '2019.5', '3000'];
  // Actor k has about rows / 2^k films: many with 6+, some with 2-5, a few with one.
  const actor = () => `Actor ${Math.min(30, Math.floor(-Math.log2(random())))}`;
  const lines = ['movie_id,budget,genres,original_language,release_year,revenue,runtime,vote_average,vote_count,lead_actor,keyword_count,user_rating_count,note'];
  for (let i = 0; i < rows; i++) {
    const budget = pick(['', '0', '-0', '100', '2.5e6', String(random() * 1e8), '1']);
    const vote = (random() * 10).toFixed(1);
    lines.push(
      [i, budget, orEmpty(pick(genres)), orEmpty(pick(languages)), orEmpty(pick(years)), orEmpty(amount()), orEmpty(amount()), orEmpty(vote),
        orEmpty(amount()), orEmpty(actor()), orEmpty(amount()), orEmpty(amount()), 'x'].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('preprocessMovies equals a plain reference bit for bit', () => {
  it('on data/movies.csv', async () => {
    await expectSameDesigns({ name: 'data/movies.csv', bytes: await readFile('data/movies.csv') });
  });

  it('on a table with missing values, odd years, languages, actors and genres', async () => {
    const records = await expectSameDesigns({ name: 'edge.csv', bytes: Buffer.from(edgeTable(3000)) });
    const study = preprocessMovies(records);
    // The table has what it is meant to exercise.
    expect(study.rowsBudgetPositive).toBeLessThan(records.length);
    expect(study.full.X.rows).toBeLessThan(study.numeric.X.rows);
    const films = new Map<string, number>();
    for (const r of records) if (r.budget !== null && r.budget > 0 && r.lead_actor !== null) films.set(r.lead_actor, (films.get(r.lead_actor) ?? 0) + 1);
    const counts = [...films.values()];
    expect([counts.some((n) => n === 1), counts.some((n) => n > 1 && n <= 5), counts.some((n) => n > 5)]).toEqual([true, true, true]);
    // '' (from '|Lead') is the first level, so Action is not the one dropped.
    expect(study.full.X.columns).toContain('primary_genre_Action');
    expect(study.full.X.columns.indexOf('primary_genre_\uFF01Wide')).toBeLessThan(study.full.X.columns.indexOf('primary_genre_\u{1F600}Emoji'));
    expect(study.reduced.X.columns).toContain('year_group_1920\u20131949');
  });

  it('on a table whose keyword counts are all 0 and runtimes 0 or 1: those predictors are indicators too', async () => {
    const lines = ['budget,genres,original_language,release_year,revenue,runtime,vote_average,vote_count,lead_actor,keyword_count,user_rating_count'];
    for (let i = 0; i < 200; i++) {
      lines.push([100 + i, i % 3 === 0 ? 'Action' : 'Drama', i % 4 === 0 ? 'fr' : 'en', 1950 + (i % 60), i, i % 2, (i % 10) / 2, i, `Actor ${i % 7}`, 0, i % 5].join(','));
    }
    const source = { name: 'indicators.csv', bytes: Buffer.from(`${lines.join('\n')}\n`) };
    await expectSameDesigns(source);
    const encoded = preprocessMovieFrame((await readMovieFrame(source)).frame);
    expect(encoded.numeric.indicatorColumns).toEqual([4, 5]);
    expect(encoded.full.indicatorColumns?.slice(0, 3)).toEqual([4, 5, 6]);
    expect(encoded.reduced.indicatorColumns?.slice(0, 2)).toEqual([2, 3]);
  });

  it('on a table with no lead actors: the OLS designs have no rows, and so no indicator columns', async () => {
    const lines = ['budget,genres,original_language,release_year,revenue,runtime,vote_average,vote_count,lead_actor,keyword_count,user_rating_count'];
    for (let i = 0; i < 50; i++) lines.push([100 + i, 'Drama', 'en', 1990, i, 90 + i, 6, i, '', 1, i].join(','));
    const source = { name: 'no-actors.csv', bytes: Buffer.from(`${lines.join('\n')}\n`) };
    await expectSameDesigns(source);
    const encoded = preprocessMovieFrame((await readMovieFrame(source)).frame);
    expect(encoded.full.y.byteLength).toBe(0);
    expect(encoded.reduced.indicatorColumns).toBeUndefined();
  });
});
