import { mapLevels } from '../../../src/data/codeLevels.js';
import { NUMERIC_WIDTH, numberAt, type MovieFrame } from './movieFrame.js';
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
 * The derived values of the budget > 0 rows (df_nz), computed once for all three designs, in
 * typed arrays: the hot loops that build the designs then see one kind of array each.
 */
export interface MovieColumns {
  readonly rows: number;
  /** vote_average; NaN where missing. */
  readonly target: Float64Array;
  /** rows × NUMERIC_FEATURES, row-major; NaN where missing (log1p of a non-negative value is finite). */
  readonly numeric: Float64Array;
  /** rows × CATEGORICAL_FEATURES, row-major: each row's level code, -1 where missing. */
  readonly codes: Int32Array;
  /** Each categorical's levels, by code; year_group's are the full model's labels, which a design may spell its own way. */
  readonly levels: readonly (readonly string[])[];
}

/** The widths of MovieColumns' numeric and codes rows. */
export const FEATURE_WIDTH = NUMERIC_FEATURES.length;
export const CATEGORICAL_WIDTH = CATEGORICAL_FEATURES.length;
const BUDGET = numberAt('budget');
const REVENUE = numberAt('revenue');
const RUNTIME = numberAt('runtime');
const RELEASE_YEAR = numberAt('release_year');
const VOTE_AVERAGE = numberAt('vote_average');
const VOTE_COUNT = numberAt('vote_count');
const KEYWORD_COUNT = numberAt('keyword_count');
const USER_RATING_COUNT = numberAt('user_rating_count');

export function movieColumns(frame: MovieFrame): MovieColumns {
  const { numbers } = frame;
  const kept = new Int32Array(frame.rows);
  let n = 0;
  // NaN > 0 is false: a missing budget drops the row too.
  for (let r = 0; r < frame.rows; r++) if (numbers[r * NUMERIC_WIDTH + BUDGET] > 0) kept[n++] = r;
  const target = new Float64Array(n);
  const numeric = new Float64Array(n * FEATURE_WIDTH);
  const codes = new Int32Array(n * CATEGORICAL_WIDTH);
  // The derived categories come from each distinct value, not from each row.
  const genre = mapLevels(frame.texts.genres, primaryGenre);
  const language = mapLevels(frame.texts.original_language, languageGroup);
  const actors = frame.texts.lead_actor.codes;
  const films = new Int32Array(frame.texts.lead_actor.levels.length);
  // Plain indexed loops: a cold run spends much of its time before V8 optimises, where calls and iterators cost.
  for (let i = 0; i < n; i++) {
    const r = kept[i];
    const from = r * NUMERIC_WIDTH;
    const at = i * FEATURE_WIDTH;
    target[i] = numbers[from + VOTE_AVERAGE];
    // np.log1p; NaN (missing) stays NaN.
    numeric[at] = Math.log1p(numbers[from + BUDGET]);
    numeric[at + 1] = Math.log1p(numbers[from + REVENUE]);
    numeric[at + 2] = Math.log1p(numbers[from + VOTE_COUNT]);
    numeric[at + 3] = Math.log1p(numbers[from + USER_RATING_COUNT]);
    numeric[at + 4] = Math.log1p(numbers[from + KEYWORD_COUNT]);
    numeric[at + 5] = numbers[from + RUNTIME];
    const c = i * CATEGORICAL_WIDTH;
    codes[c] = genre.codes[r];
    codes[c + 1] = yearBin(numbers[from + RELEASE_YEAR]) ?? -1;
    codes[c + 2] = language.codes[r];
    if (actors[r] >= 0) films[actors[r]]++;
  }
  // Popularity is counted over every budget > 0 row, before any is dropped; a missing actor has
  // none, as groupby drops NaN keys.
  for (let i = 0; i < n; i++) {
    const actor = actors[kept[i]];
    codes[i * CATEGORICAL_WIDTH + 3] = actor < 0 ? -1 : popularityBin(films[actor]);
  }
  return { rows: n, target, numeric, codes, levels: [genre.levels, YEAR_LABELS, language.levels, POPULARITY_LABELS] };
}
