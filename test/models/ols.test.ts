import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { designColumns, encodeDesign } from '../../src/data/designCodec.js';
import { numericTable } from '../../src/data/numericTable.js';
import type { Design } from '../../src/data/design.js';
import { preprocessMovies, type PreprocessedMovies } from '../../studies/movies/data/preprocessMovies.js';
import { readMovieTable } from '../../studies/movies/data/readMovieTable.js';
import { fitOls, olsSummaryText, predictOls, type OlsResult } from '../../src/models/ols.js';

/** One statsmodels fit, as scripts/parity/ols.py writes it. */
interface GoldenFit {
  terms: string[];
  params: number[];
  bse: number[];
  tvalues: (number | null)[];
  pvalues: (number | null)[];
  conf_int: [number, number][];
  rsquared: number;
  rsquared_adj: number;
  fvalue: number;
  f_pvalue: number;
  llf: number;
  aic: number;
  bic: number;
  nobs: number;
  df_model: number;
  df_resid: number;
}

interface Fixture {
  movies_sha256: string;
  movies: Record<'numeric' | 'full' | 'reduced', GoldenFit>;
  small: GoldenFit & { data: { columns: string[]; X: number[][]; y: number[] }; fittedvalues: number[] };
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/ols.json', import.meta.url), 'utf8')) as Fixture;

const RELATIVE = 1e-6;
/** Below this statsmodels' own value is at the edge of underflow: compare absolutely. */
const UNDERFLOW = 1e-300;

function expectClose(actual: number, expected: number, label: string): void {
  const error = Math.abs(actual - expected);
  const allowed = Math.abs(expected) < UNDERFLOW ? UNDERFLOW : RELATIVE * Math.abs(expected);
  expect(error, `${label}: got ${actual}, statsmodels ${expected}`).toBeLessThanOrEqual(allowed);
}

function expectMatchesGolden(result: OlsResult, golden: GoldenFit): void {
  expect(result.coefficients.map((c) => c.term)).toEqual(golden.terms);
  expect(result.nobs).toBe(golden.nobs);
  expect(result.dfModel).toBe(golden.df_model);
  expect(result.dfResid).toBe(golden.df_resid);
  expectClose(result.r2, golden.rsquared, 'R²');
  expectClose(result.adjR2, golden.rsquared_adj, 'adj R²');
  expectClose(result.fStatistic, golden.fvalue, 'F');
  expectClose(result.fPValue, golden.f_pvalue, 'Prob(F)');
  expectClose(result.logLikelihood, golden.llf, 'llf');
  expectClose(result.aic, golden.aic, 'AIC');
  expectClose(result.bic, golden.bic, 'BIC');
  result.coefficients.forEach((c, j) => {
    expectClose(c.coef, golden.params[j], `${c.term} coef`);
    expectClose(c.stdErr, golden.bse[j], `${c.term} std err`);
    // statsmodels' nan (no standard error) is null in the golden as in the fit.
    const [t, p] = [golden.tvalues[j], golden.pvalues[j]];
    if (t === null || p === null) expect([c.t, c.p], `${c.term} t, p`).toEqual([t, p]);
    else {
      expectClose(c.t!, t, `${c.term} t`);
      expectClose(c.p!, p, `${c.term} p`);
    }
    expectClose(c.ciLow, golden.conf_int[j][0], `${c.term} ci low`);
    expectClose(c.ciHigh, golden.conf_int[j][1], `${c.term} ci high`);
  });
}

function smallDesign(): Design {
  const { columns, X, y } = fixture.small.data;
  return { X: numericTable(columns, Float64Array.from(X.flat())), y: Float64Array.from(y) };
}

describe('fitOls on a small seeded table', () => {
  const { X, y } = smallDesign();
  const result = fitOls(X, y);

  it('matches statsmodels', () => {
    expectMatchesGolden(result, fixture.small);
  });

  it('predicts statsmodels fitted values', () => {
    const fitted = predictOls(result, X);
    expect(fitted).toHaveLength(fixture.small.fittedvalues.length);
    fitted.forEach((v, i) => expectClose(v, fixture.small.fittedvalues[i], `fitted[${i}]`));
  });

  it('predicts from columns given in another order', () => {
    const order = [2, 0, 1];
    const width = X.columns.length;
    const data = new Float64Array(X.data.length);
    for (let i = 0; i < X.rows; i++) order.forEach((j, m) => (data[i * width + m] = X.data[i * width + j]));
    const shuffled = numericTable(order.map((j) => X.columns[j]), data);
    expect(predictOls(result, shuffled)).toEqual(predictOls(result, X));
  });

  it('rejects a table missing one of the model columns', () => {
    const renamed = numericTable(['x1', 'x2', 'other'], X.data);
    expect(() => predictOls(result, renamed)).toThrow(/lacks the model's column 'rare'/);
  });

  it('fits a collinear design with the pseudo-inverse, rank-reduced and warned', () => {
    const data = new Float64Array(X.rows * 2);
    for (let i = 0; i < X.rows; i++) {
      data[2 * i] = X.data[i * 3];
      data[2 * i + 1] = 3 * X.data[i * 3] - 2;
    }
    const collinear = fitOls(numericTable(['a', 'b'], data), y);
    expect(collinear.rank).toBe(2);
    expect(collinear.dfModel).toBe(1);
    expect(collinear.warning).toMatch(/rank 2 of 3 columns/);
    expect(result.rank).toBeUndefined();
    expect(result.warning).toBeUndefined();
  });

  it('rejects a target of the wrong length', () => {
    expect(() => fitOls(X, y.subarray(1))).toThrow(/29 values/);
  });
});

/** statsmodels on a design with a duplicated, a summed and a constant column (scripts/parity/ols_rank_deficient.py). */
const rankDeficient = JSON.parse(readFileSync(new URL('../fixtures/ols_rank_deficient.json', import.meta.url), 'utf8')) as GoldenFit & {
  rank: number;
  data: { columns: string[]; X: number[][]; y: number[] };
  moviesFrom1920: GoldenFit & { rank: number };
  zeroColumn: GoldenFit & { rank: number; data: { columns: string[]; X: number[][]; y: number[] } };
};

describe('fitOls on a rank-deficient design', () => {
  const { columns, X, y } = rankDeficient.data;
  const result = fitOls(numericTable(columns, Float64Array.from(X.flat())), Float64Array.from(y));

  it("matches statsmodels' pinv fit: minimum-norm coefficients, rank-reduced degrees of freedom", () => {
    expect(result.rank).toBe(rankDeficient.rank);
    expectMatchesGolden(result, rankDeficient);
  });

  it('says so in its warning', () => {
    expect(result.warning).toMatch(/rank 3 of 6 columns/);
  });

  it('gives an all-zero column coefficient 0, standard error 0 and no t or p (statsmodels: nan)', () => {
    const { columns, X, y } = rankDeficient.zeroColumn.data;
    const fit = fitOls(numericTable(columns, Float64Array.from(X.flat())), Float64Array.from(y));
    expect(fit.rank).toBe(rankDeficient.zeroColumn.rank);
    expectMatchesGolden(fit, rankDeficient.zeroColumn);
    expect(fit.coefficients.at(-1)).toMatchObject({ term: 'zeros', coef: 0, stdErr: 0, t: null, p: null });
  });

  it('fits the reduced movie design of the films from 1920 on (its year dummies sum to the constant) as statsmodels', async () => {
    const { records } = await readMovieTable('data/movies.csv');
    const from1920 = records.filter((r) => r.release_year === null || r.release_year >= 1920);
    const { X, y } = preprocessMovies(from1920).reduced;
    const fit = fitOls(X, y);
    expect(fit.rank).toBe(rankDeficient.moviesFrom1920.rank);
    expectMatchesGolden(fit, rankDeficient.moviesFrom1920);
  });
});

describe('fitOls on the movie designs', () => {
  let movies: PreprocessedMovies;
  beforeAll(async () => {
    const table = await readMovieTable('data/movies.csv');
    expect(table.sha256, 'data/movies.csv differs from the file the fixture was made from').toBe(
      fixture.movies_sha256,
    );
    movies = preprocessMovies(table.records);
  });

  it.each(['numeric', 'full', 'reduced'] as const)('%s design matches statsmodels', (name) => {
    const { X, y } = movies[name];
    expectMatchesGolden(fitOls(X, y), fixture.movies[name]);
  });

  it.each(['numeric', 'full', 'reduced'] as const)('%s design read as stored (float64 values and 0/1 bytes) fits bit for bit as the dense one', (name) => {
    const stored = designColumns(encodeDesign(movies[name]));
    expect(stored.X.indicatorColumns.length).toBe(name === 'numeric' ? 0 : movies[name].X.columns.length - (name === 'full' ? 6 : 3));
    expect(fitOls(stored.X, stored.y)).toEqual(fitOls(movies[name].X, movies[name].y));
  });

  it('summary text carries the header figures and every term', () => {
    const golden = fixture.movies.reduced;
    const { X, y } = movies.reduced;
    const text = olsSummaryText(fitOls(X, y), 'vote_average');
    expect(text).toMatch(new RegExp(`R-squared:\\s+${golden.rsquared.toFixed(3)}\\b`));
    expect(text).toMatch(new RegExp(`Adj\\. R-squared:\\s+${golden.rsquared_adj.toFixed(3)}\\b`));
    expect(text).toMatch(/Dep\. Variable:\s+vote_average/);
    expect(text).toMatch(new RegExp(`No\\. Observations:\\s+${golden.nobs}\\b`));
    const rows = text.split('\n');
    for (const [j, term] of golden.terms.entries()) {
      const row = rows.find((line) => line.startsWith(`${term} `));
      expect(row, `no row for ${term}`).toBeDefined();
      // The coefficient column shows statsmodels' estimate to 4 decimals.
      expect(row!.slice(term.length).trim().split(/\s+/)[0]).toBe(golden.params[j].toFixed(4));
    }
  });
});
