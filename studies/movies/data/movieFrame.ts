import { codeLevels, type CodedColumn } from '../../../src/data/codeLevels.js';
import { NUMERIC_COLUMNS, type MovieRecord, type TextColumn } from './movieSchema.js';

/**
 * A movie table by columns, as pandas holds it: what the preprocessing reads, without an object
 * (and a boxed number per value) for every record.
 */
export interface MovieFrame {
  readonly rows: number;
  /** rows × NUMERIC_COLUMNS, row-major; NaN where a field is empty (a parsed value is finite, so NaN means only that). */
  readonly numbers: Float64Array;
  readonly texts: { readonly [C in TextColumn]: CodedColumn };
}

export const NUMERIC_WIDTH = NUMERIC_COLUMNS.length;

/** Where a numeric column is in a frame's rows. */
export function numberAt(name: (typeof NUMERIC_COLUMNS)[number]): number {
  return NUMERIC_COLUMNS.indexOf(name);
}

/** The frame of records made by other means than a CSV read (a filtered table, a test's rows). */
export function movieFrame(records: readonly MovieRecord[]): MovieFrame {
  const numbers = new Float64Array(records.length * NUMERIC_WIDTH);
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const at = i * NUMERIC_WIDTH;
    // In NUMERIC_COLUMNS' order.
    numbers[at] = r.budget ?? NaN;
    numbers[at + 1] = r.revenue ?? NaN;
    numbers[at + 2] = r.runtime ?? NaN;
    numbers[at + 3] = r.release_year ?? NaN;
    numbers[at + 4] = r.vote_average ?? NaN;
    numbers[at + 5] = r.vote_count ?? NaN;
    numbers[at + 6] = r.keyword_count ?? NaN;
    numbers[at + 7] = r.user_rating_count ?? NaN;
  }
  return {
    rows: records.length,
    numbers,
    texts: {
      genres: codeLevels(records.map((r) => r.genres)),
      original_language: codeLevels(records.map((r) => r.original_language)),
      lead_actor: codeLevels(records.map((r) => r.lead_actor)),
    },
  };
}
