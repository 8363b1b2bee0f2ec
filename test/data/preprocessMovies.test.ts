import { beforeAll, describe, expect, it } from 'vitest';
import { readMovieTable, type MovieTable } from '../../studies/movies/data/readMovieTable.js';
import { preprocessMovies, type PreprocessedMovies } from '../../studies/movies/data/preprocessMovies.js';
import { yearBin, popularityBin, languageGroup, primaryGenre, POPULARITY_LABELS } from '../../studies/movies/data/movieFeatures.js';
import { oneHotDropFirst } from '../../src/data/oneHot.js';

describe('preprocessMovies on data/movies.csv', () => {
  let table: MovieTable;
  let study: PreprocessedMovies;
  beforeAll(async () => {
    table = await readMovieTable('data/movies.csv');
    study = preprocessMovies(table.records);
  });

  it('has the bundled table', () => {
    expect(table.sha256).toBe('8bd68b19a0cdc279f4880b3284e086c7d05ad42e316f58e4e500a28385bd502e');
  });

  it('keeps the notebook counts 9,053 / 9,017 / 8,900', () => {
    expect(study.rows).toBe(9053);
    expect(study.rowsBudgetPositive).toBe(9053);
    expect(study.numeric.X.rows).toBe(9017);
    expect(study.numeric.y).toHaveLength(9017);
    expect(study.full.X.rows).toBe(8900);
    expect(study.reduced.X.rows).toBe(8900);
  });

  it('builds the full design with pandas column names and order', () => {
    const { columns } = study.full.X;
    expect(columns).toHaveLength(40);
    expect(columns.slice(0, 7)).toEqual([
      'log_budget', 'log_revenue', 'log_vote_count', 'log_user_rating_count', 'log_keyword_count', 'runtime',
      'primary_genre_Adventure',
    ]);
    expect(columns).toContain('primary_genre_Drama');
    expect(columns).not.toContain('primary_genre_Action');
    expect(columns.filter((c) => c.startsWith('year_group_'))).toEqual([
      'year_group_1950-1979', 'year_group_1980-1999', 'year_group_2000-2009', 'year_group_2010-2019', 'year_group_Pre-1920',
    ]);
    expect(columns.filter((c) => c.startsWith('language_group_'))).toEqual([
      'language_group_de', 'language_group_en', 'language_group_es', 'language_group_fr',
      'language_group_hi', 'language_group_it', 'language_group_ja', 'language_group_ru',
    ]);
    expect(columns.slice(-2)).toEqual(['popularity_group_Low Popularity', 'popularity_group_Medium Popularity']);
  });

  it('builds the reduced design as the notebook cell does (Categorical order, en dash)', () => {
    const { columns } = study.reduced.X;
    expect(columns).toHaveLength(37);
    expect(columns.slice(0, 3)).toEqual(['log_vote_count', 'log_user_rating_count', 'runtime']);
    expect(columns).toContain('year_group_1920\u20131949');
    expect(columns).not.toContain('year_group_Pre-1920');
    expect(columns.slice(-2)).toEqual(['popularity_group_Medium Popularity', 'popularity_group_High Popularity']);
  });

  it('has no constant column and no missing value in any design', () => {
    for (const design of [study.numeric, study.full, study.reduced]) {
      const { rows, columns, data } = design.X;
      expect(data.every(Number.isFinite)).toBe(true);
      for (let j = 0; j < columns.length; j++) {
        let min = Infinity;
        let max = -Infinity;
        for (let i = 0; i < rows; i++) {
          min = Math.min(min, data[i * columns.length + j]);
          max = Math.max(max, data[i * columns.length + j]);
        }
        expect(max, columns[j]).toBeGreaterThan(min);
      }
    }
  });

  it('takes log1p of the counts', () => {
    const first = table.records[0];
    expect(study.numeric.X.data[0]).toBeCloseTo(Math.log1p(first.budget!), 12);
    expect(study.numeric.X.data[5]).toBe(first.runtime);
  });
});

describe('movie feature rules', () => {
  it('bins years right-inclusive like pd.cut', () => {
    expect([1919, 1920, 1949, 1950, 2019, 2020, 0, null].map(yearBin)).toEqual([0, 1, 1, 2, 5, null, null, null]);
  });
  it('groups actor popularity 1 / 2-5 / >5', () => {
    expect([1, 2, 5, 6].map((films) => POPULARITY_LABELS[popularityBin(films)])).toEqual([
      'Low Popularity', 'Medium Popularity', 'Medium Popularity', 'High Popularity',
    ]);
  });
  it('keeps the eight languages and folds the rest into Other', () => {
    expect(['en', 'ko', null].map(languageGroup)).toEqual(['en', 'Other', 'Other']);
  });
  it('takes the first listed genre', () => {
    expect(primaryGenre('Drama|Comedy')).toBe('Drama');
    expect(primaryGenre(null)).toBeNull();
  });
  it('one-hot drops the code-point-first level unless categories are given', () => {
    expect(oneHotDropFirst('g', ['de', 'Other', 'en']).names).toEqual(['g_de', 'g_en']);
    const categorical = oneHotDropFirst('p', ['b', 'a'], ['b', 'a', 'c']);
    expect(categorical.names).toEqual(['p_a', 'p_c']);
    expect(Array.from(categorical.hot)).toEqual([-1, 0]);
  });
});
