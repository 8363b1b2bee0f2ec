import { codeLevels, mapLevels } from '../../../src/data/codeLevels.js';
import type { MovieRecord } from './movieSchema.js';
import {
  CATEGORICAL_FEATURES,
  NUMERIC_FEATURES,
  POPULARITY_LABELS,
  YEAR_LABELS,
  languageGroup,
  popularityBin,
  primaryGenre,
  yearBin,
} from './movieFeatures.js';

/**
 * The derived values of the budget > 0 records (df_nz), computed once for all three designs,
 * in typed arrays: the hot loops that build the designs then see one kind of array each.
 */
export interface MovieColumns {
  readonly rows: number;
  /** vote_average; NaN where missing. */
  readonly target: Float64Array;
  /**
   * rows × NUMERIC_FEATURES, row-major; NaN where missing: parsed values are finite and log1p
   * of a non-negative one is finite, so NaN means missing and nothing else.
   */
  readonly numeric: Float64Array;
  /** rows × CATEGORICAL_FEATURES, row-major: each row's level code, -1 where missing. */
  readonly codes: Int32Array;
  /** Each categorical's levels, by code; year_group's are the full model's labels, which a design may spell its own way. */
  readonly levels: readonly (readonly string[])[];
}

const NUMERIC_WIDTH = NUMERIC_FEATURES.length;
const CATEGORICAL_WIDTH = CATEGORICAL_FEATURES.length;

export function movieColumns(records: readonly MovieRecord[]): MovieColumns {
  const kept: MovieRecord[] = [];
  for (let i = 0; i < records.length; i++) if (records[i].budget !== null && records[i].budget! > 0) kept.push(records[i]);
  const n = kept.length;
  const target = new Float64Array(n);
  const numeric = new Float64Array(n * NUMERIC_WIDTH);
  const codes = new Int32Array(n * CATEGORICAL_WIDTH);
  const genres = new Array<string | null>(n);
  const languages = new Array<string | null>(n);
  const actors = new Array<string | null>(n);
  // Plain indexed loops: a cold run spends most of its time before V8 optimises, where every call and iterator costs.
  for (let i = 0; i < n; i++) {
    const r = kept[i];
    const at = i * NUMERIC_WIDTH;
    target[i] = r.vote_average ?? NaN;
    numeric[at] = log1pOrNaN(r.budget);
    numeric[at + 1] = log1pOrNaN(r.revenue);
    numeric[at + 2] = log1pOrNaN(r.vote_count);
    numeric[at + 3] = log1pOrNaN(r.user_rating_count);
    numeric[at + 4] = log1pOrNaN(r.keyword_count);
    numeric[at + 5] = r.runtime ?? NaN;
    codes[i * CATEGORICAL_WIDTH + 1] = yearBin(r.release_year) ?? -1;
    genres[i] = r.genres;
    languages[i] = r.original_language;
    actors[i] = r.lead_actor;
  }
  // The derived categories from each distinct value, not from each row.
  const genre = mapLevels(codeLevels(genres), primaryGenre);
  const language = mapLevels(codeLevels(languages), languageGroup);
  setColumn(codes, 0, genre.codes);
  setColumn(codes, 2, language.codes);
  setColumn(codes, 3, popularityCodes(codeLevels(actors).codes));
  return { rows: n, target, numeric, codes, levels: [genre.levels, YEAR_LABELS, language.levels, POPULARITY_LABELS] };
}

function setColumn(codes: Int32Array, k: number, column: Int32Array): void {
  for (let i = 0; i < column.length; i++) codes[i * CATEGORICAL_WIDTH + k] = column[i];
}

/** Each row's popularity bin from its actor's film count over every budget > 0 row, before any is dropped; a missing actor has none, as groupby drops NaN keys. */
function popularityCodes(actors: Int32Array): Int32Array {
  let count = 0;
  for (let i = 0; i < actors.length; i++) count = Math.max(count, actors[i] + 1);
  const films = new Int32Array(count);
  for (let i = 0; i < actors.length; i++) if (actors[i] >= 0) films[actors[i]]++;
  const bins = new Int32Array(actors.length);
  for (let i = 0; i < actors.length; i++) bins[i] = actors[i] < 0 ? -1 : popularityBin(films[actors[i]]);
  return bins;
}

/** np.log1p of a possibly missing value, NaN for missing. */
function log1pOrNaN(value: number | null): number {
  return value === null ? NaN : Math.log1p(value);
}
