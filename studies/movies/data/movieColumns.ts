import { codeLevels, type CodedColumn } from '../../../src/data/codeLevels.js';
import type { MovieRecord } from './movieSchema.js';
import {
  POPULARITY_LABELS,
  YEAR_LABELS,
  languageGroup,
  popularityBin,
  primaryGenre,
  yearBin,
  type CategoricalFeature,
  type NumericFeature,
} from './movieFeatures.js';

/**
 * The derived values of the budget > 0 records (df_nz), one column each, computed once for
 * all three designs. A missing numeric value is NaN: parsed values are finite and log1p of a
 * non-negative one is finite, so NaN means missing and nothing else.
 */
export interface MovieColumns {
  readonly rows: number;
  readonly target: Float64Array;
  readonly numeric: { readonly [F in NumericFeature]: Float64Array };
  /** year_group's levels are the full model's labels; a design may spell them its own way. */
  readonly categorical: { readonly [F in CategoricalFeature]: CodedColumn };
}

export function movieColumns(records: readonly MovieRecord[]): MovieColumns {
  const kept = records.filter((r) => r.budget !== null && r.budget > 0);
  const n = kept.length;
  const target = new Float64Array(n);
  const numeric = {
    log_budget: new Float64Array(n),
    log_revenue: new Float64Array(n),
    log_vote_count: new Float64Array(n),
    log_user_rating_count: new Float64Array(n),
    log_keyword_count: new Float64Array(n),
    runtime: new Float64Array(n),
  };
  const years = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = kept[i];
    target[i] = r.vote_average ?? NaN;
    numeric.log_budget[i] = log1pOrNaN(r.budget);
    numeric.log_revenue[i] = log1pOrNaN(r.revenue);
    numeric.log_vote_count[i] = log1pOrNaN(r.vote_count);
    numeric.log_user_rating_count[i] = log1pOrNaN(r.user_rating_count);
    numeric.log_keyword_count[i] = log1pOrNaN(r.keyword_count);
    numeric.runtime[i] = r.runtime ?? NaN;
    years[i] = yearBin(r.release_year) ?? -1;
  }
  return {
    rows: n,
    target,
    numeric,
    categorical: {
      primary_genre: codeLevels(n, (i) => primaryGenre(kept[i].genres)),
      year_group: { codes: years, levels: YEAR_LABELS },
      language_group: codeLevels(n, (i) => languageGroup(kept[i].original_language)),
      popularity_group: { codes: popularityCodes(codeLevels(n, (i) => kept[i].lead_actor)), levels: POPULARITY_LABELS },
    },
  };
}

/** Each row's popularity bin from its actor's film count over every budget > 0 row, before any is dropped; a missing actor has none, as groupby drops NaN keys. */
function popularityCodes(actors: CodedColumn): Int32Array {
  const films = new Int32Array(actors.levels.length);
  for (const code of actors.codes) if (code >= 0) films[code]++;
  return actors.codes.map((code) => (code < 0 ? -1 : popularityBin(films[code])));
}

/** np.log1p of a possibly missing value, NaN for missing. */
function log1pOrNaN(value: number | null): number {
  return value === null ? NaN : Math.log1p(value);
}
