/** The columns of the movie table the study reads, and what each must hold. */
export const NUMERIC_COLUMNS = [
  'budget',
  'revenue',
  'runtime',
  'release_year',
  'vote_average',
  'vote_count',
  'keyword_count',
  'user_rating_count',
] as const;

export const TEXT_COLUMNS = ['genres', 'original_language', 'lead_actor'] as const;

export type NumericColumn = (typeof NUMERIC_COLUMNS)[number];
export type TextColumn = (typeof TEXT_COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly string[] = [...NUMERIC_COLUMNS, ...TEXT_COLUMNS];

/** The columns the six numeric predictors derive from: all that predict needs of a movie table. */
export const PREDICTOR_SOURCE_COLUMNS: readonly string[] = ['budget', 'revenue', 'runtime', 'vote_count', 'keyword_count', 'user_rating_count'];

/** Counts and amounts: a negative value is a data error, not a missing one. */
export const NON_NEGATIVE_COLUMNS: ReadonlySet<NumericColumn> = new Set([
  'budget',
  'revenue',
  'runtime',
  'vote_count',
  'keyword_count',
  'user_rating_count',
]);

/**
 * Larger magnitudes are not real movie data and overflow the squared sums the models take
 * (1e308 parses as finite but its square does not).
 */
export const MAX_MAGNITUDE = 1e15;

/** One movie record; an empty field is null, as pandas reads it as NaN. */
export type MovieRecord = { readonly [C in NumericColumn]: number | null } & {
  readonly [C in TextColumn]: string | null;
} & { readonly line: number };
