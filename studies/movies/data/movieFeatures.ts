import type { MovieRecord } from './movieSchema.js';

/** The notebook's six numeric predictors, in its order. */
export const NUMERIC_FEATURES = [
  'log_budget',
  'log_revenue',
  'log_vote_count',
  'log_user_rating_count',
  'log_keyword_count',
  'runtime',
] as const;
export type NumericFeature = (typeof NUMERIC_FEATURES)[number];

export const TARGET = 'vote_average';

/** The notebook's categorical predictors, in the order get_dummies sees them. */
export const CATEGORICAL_FEATURES = ['primary_genre', 'year_group', 'language_group', 'popularity_group'] as const;
export type CategoricalFeature = (typeof CATEGORICAL_FEATURES)[number];

/** Upper edges of pd.cut(release_year, bins=[0,1919,1949,1979,1999,2009,2019]): right-inclusive. */
const YEAR_EDGES = [1919, 1949, 1979, 1999, 2009, 2019] as const;

/** The full model's year labels (hyphen); its get_dummies sees them as plain strings. */
export const YEAR_LABELS = ['Pre-1920', '1920-1949', '1950-1979', '1980-1999', '2000-2009', '2010-2019'] as const;

/** The reduced model's cell spells its labels with an en dash and keeps them Categorical. */
export const YEAR_LABELS_EN_DASH = YEAR_LABELS.map((label) => label.replace('-', '\u2013'));

export const POPULARITY_LABELS = ['Low Popularity', 'Medium Popularity', 'High Popularity'] as const;

const LANGUAGES: ReadonlySet<string> = new Set(['en', 'fr', 'ru', 'hi', 'es', 'de', 'ja', 'it']);

/** Index of the release-year bin, or null outside (0, 2019] as pd.cut gives NaN there, and for a missing year (null or NaN). */
export function yearBin(year: number | null): number | null {
  if (year === null || !(year > 0)) return null;
  for (let bin = 0; bin < YEAR_EDGES.length; bin++) if (year <= YEAR_EDGES[bin]) return bin;
  return null;
}

export function languageGroup(language: string | null): string {
  return language !== null && LANGUAGES.has(language) ? language : 'Other';
}

/** pd.cut(movie_count, bins=[0, 1, 5, inf]): the index of its POPULARITY_LABELS. */
export function popularityBin(movieCount: number): number {
  if (movieCount <= 1) return 0;
  if (movieCount <= 5) return 1;
  return 2;
}

export function primaryGenre(genres: string | null): string | null {
  if (genres === null) return null;
  const bar = genres.indexOf('|');
  return bar < 0 ? genres : genres.slice(0, bar);
}

/** np.log1p of a possibly missing value. */
export function log1pOrNull(value: number | null): number | null {
  return value === null ? null : Math.log1p(value);
}

export function numericFeatures(record: MovieRecord): Record<NumericFeature, number | null> {
  return {
    log_budget: log1pOrNull(record.budget),
    log_revenue: log1pOrNull(record.revenue),
    log_vote_count: log1pOrNull(record.vote_count),
    log_user_rating_count: log1pOrNull(record.user_rating_count),
    log_keyword_count: log1pOrNull(record.keyword_count),
    runtime: record.runtime,
  };
}
