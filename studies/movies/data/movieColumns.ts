import { mapLevels, type CodedColumn } from '../../../src/data/codeLevels.js';
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
  /** Per row, a bit for each of its values that is missing: numeric feature j's is 1 << j, then TARGET_MISSING, then categoricalMissing(k). */
  readonly missing: Uint16Array;
}

/** The widths of MovieColumns' numeric and codes rows. */
export const FEATURE_WIDTH = NUMERIC_FEATURES.length;
export const CATEGORICAL_WIDTH = CATEGORICAL_FEATURES.length;
/** MovieColumns.missing's bit for the target, after the numeric features'. */
export const TARGET_MISSING = 1 << FEATURE_WIDTH;

/** MovieColumns.missing's bit for categorical k. */
export function categoricalMissing(k: number): number {
  return TARGET_MISSING << (1 + k);
}

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
  const kept = budgetPositiveRows(numbers, frame.rows);
  const n = kept.length;
  const target = new Float64Array(n);
  const numeric = new Float64Array(n * FEATURE_WIDTH);
  const codes = new Int32Array(n * CATEGORICAL_WIDTH);
  const missing = new Uint16Array(n);
  // The derived categories come from each distinct value, not from each row.
  const genre = mapLevels(frame.texts.genres, primaryGenre);
  const language = mapLevels(frame.texts.original_language, languageGroup);
  writeNumeric(numbers, kept, target, numeric, missing);
  writeCodes(numbers, kept, genre.codes, language.codes, leadFilms(frame.texts.lead_actor, kept), frame.texts.lead_actor.codes, codes, missing);
  const levels = [genre.levels, YEAR_LABELS, language.levels, POPULARITY_LABELS];
  return { rows: n, target, numeric, codes, levels, missing };
}

// Plain indexed loops, each hot one a function of its own: a cold run spends much of its time
// before V8 optimises, where calls and iterators cost, and code optimised on-stack with the code
// after its loop, which has no type feedback yet, is thrown away there.

/** df_nz: the rows with budget > 0 (NaN > 0 is false: a missing budget drops the row too). */
function budgetPositiveRows(numbers: Float64Array, rows: number): Int32Array {
  const kept = new Int32Array(rows);
  let n = 0;
  for (let r = 0; r < rows; r++) if (numbers[r * NUMERIC_WIDTH + BUDGET] > 0) kept[n++] = r;
  return kept.subarray(0, n);
}

function writeNumeric(numbers: Float64Array, kept: Int32Array, target: Float64Array, numeric: Float64Array, missing: Uint16Array): void {
  for (let i = 0; i < kept.length; i++) {
    const from = kept[i] * NUMERIC_WIDTH;
    const at = i * FEATURE_WIDTH;
    target[i] = numbers[from + VOTE_AVERAGE];
    // np.log1p; NaN (missing) stays NaN.
    numeric[at] = Math.log1p(numbers[from + BUDGET]);
    numeric[at + 1] = Math.log1p(numbers[from + REVENUE]);
    numeric[at + 2] = Math.log1p(numbers[from + VOTE_COUNT]);
    numeric[at + 3] = Math.log1p(numbers[from + USER_RATING_COUNT]);
    numeric[at + 4] = Math.log1p(numbers[from + KEYWORD_COUNT]);
    numeric[at + 5] = numbers[from + RUNTIME];
    // x !== x: NaN, without a call.
    let absent = target[i] !== target[i] ? TARGET_MISSING : 0;
    for (let j = 0; j < FEATURE_WIDTH; j++) if (numeric[at + j] !== numeric[at + j]) absent |= 1 << j;
    missing[i] = absent;
  }
}

/** Each lead actor's films among the budget > 0 rows: popularity is counted before any row is dropped. */
function leadFilms(actors: CodedColumn, kept: Int32Array): Int32Array {
  const films = new Int32Array(actors.levels.length);
  for (let i = 0; i < kept.length; i++) if (actors.codes[kept[i]] >= 0) films[actors.codes[kept[i]]]++;
  return films;
}

function writeCodes(
  numbers: Float64Array,
  kept: Int32Array,
  genres: Int32Array,
  languages: Int32Array,
  films: Int32Array,
  actors: Int32Array,
  codes: Int32Array,
  missing: Uint16Array,
): void {
  const missingBits = Int32Array.from(CATEGORICAL_FEATURES, (_, k) => categoricalMissing(k));
  for (let i = 0; i < kept.length; i++) {
    const r = kept[i];
    const c = i * CATEGORICAL_WIDTH;
    codes[c] = genres[r];
    codes[c + 1] = yearBin(numbers[r * NUMERIC_WIDTH + RELEASE_YEAR]) ?? -1;
    codes[c + 2] = languages[r];
    // A missing actor has no popularity, as groupby drops NaN keys.
    codes[c + 3] = actors[r] < 0 ? -1 : popularityBin(films[actors[r]]);
    let absent = missing[i];
    for (let k = 0; k < CATEGORICAL_WIDTH; k++) if (codes[c + k] < 0) absent |= missingBits[k];
    missing[i] = absent;
  }
}
