import type { MovieRecord } from './movieSchema.js';
import type { Design } from '../../../src/data/design.js';
import { decodeDesign, type EncodedDesign } from '../../../src/data/designCodec.js';
import { float64Bytes } from '../../../src/data/float64Codec.js';
import { oneHotLevels } from '../../../src/data/oneHot.js';
import { CATEGORICAL_WIDTH, FEATURE_WIDTH, movieColumns, type MovieColumns } from './movieColumns.js';
import { movieFrame, type MovieFrame } from './movieFrame.js';
import {
  CATEGORICAL_FEATURES,
  NUMERIC_FEATURES,
  POPULARITY_LABELS,
  YEAR_LABELS_EN_DASH,
  type CategoricalFeature,
  type NumericFeature,
} from './movieFeatures.js';

export interface PreprocessedMovies {
  readonly rows: number;
  readonly rowsBudgetPositive: number;
  /** df_num: the six numeric predictors, rows with any of them or the target missing dropped. */
  readonly numeric: Design;
  /** The full OLS design (df_dummies): numeric predictors and one-hot categories. */
  readonly full: Design;
  /** The reduced OLS design (df_red_dummies). */
  readonly reduced: Design;
}

/** PreprocessedMovies with each design as the store holds it (encodeDesign's form), built so without a dense copy. */
export interface EncodedMovies {
  readonly rows: number;
  readonly rowsBudgetPositive: number;
  readonly numeric: EncodedDesign;
  readonly full: EncodedDesign;
  readonly reduced: EncodedDesign;
}

/** How one of the notebook's designs is built; dropna keeps the rows with the target and all its predictors. */
interface DesignSpec {
  readonly numeric: readonly NumericFeature[];
  /** Whether the design has the categorical predictors, as dummies after the numeric ones. */
  readonly categorical: boolean;
  /** Labels in place of a column's own levels, code for code. */
  readonly relabel: Partial<Record<CategoricalFeature, readonly string[]>>;
  /** Columns the notebook left as pandas Categoricals: dummies follow this order, not sorted order. */
  readonly categoryOrder: Partial<Record<CategoricalFeature, readonly string[]>>;
}

const NUMERIC_DESIGN: DesignSpec = { numeric: NUMERIC_FEATURES, categorical: false, relabel: {}, categoryOrder: {} };

/** The full model's cell casts every category to str before get_dummies. */
const FULL_DESIGN: DesignSpec = { numeric: NUMERIC_FEATURES, categorical: true, relabel: {}, categoryOrder: {} };

/** The reduced model's cell spells the year labels with an en dash and keeps them Categorical. */
const REDUCED_DESIGN: DesignSpec = {
  numeric: ['log_vote_count', 'log_user_rating_count', 'runtime'],
  categorical: true,
  relabel: { year_group: YEAR_LABELS_EN_DASH },
  categoryOrder: { year_group: YEAR_LABELS_EN_DASH, popularity_group: POPULARITY_LABELS },
};

/** The notebook's preprocessing, step for step (DESIGN.md, "Fidelity"). */
export function preprocessMovies(records: readonly MovieRecord[]): PreprocessedMovies {
  return decodeMovies(preprocessMovieFrame(movieFrame(records)));
}

export function decodeMovies(encoded: EncodedMovies): PreprocessedMovies {
  const { rows, rowsBudgetPositive, numeric, full, reduced } = encoded;
  return { rows, rowsBudgetPositive, numeric: decodeDesign(numeric), full: decodeDesign(full), reduced: decodeDesign(reduced) };
}

/** preprocessMovies of a table read by columns (readMovieFrame), as the preprocess stage reads it, its designs encoded. */
export function preprocessMovieFrame(frame: MovieFrame): EncodedMovies {
  const columns = movieColumns(frame);
  return {
    rows: frame.rows,
    rowsBudgetPositive: columns.rows,
    numeric: design(columns, NUMERIC_DESIGN),
    full: design(columns, FULL_DESIGN),
    reduced: design(columns, REDUCED_DESIGN),
  };
}

/**
 * The design in encodeDesign's form, written straight into its parts: the value columns' float64s
 * and a byte per indicator value. Dummies are indicators; a numeric predictor is one too where
 * all its values are +0 or 1, as encodeDesign would find. An empty design has no indicators.
 * The loops see only typed arrays and plain numbers, the same kinds for every design, so V8
 * optimises them once (arrays of arrays differ in kind between designs and deoptimise them).
 */
function design(columns: MovieColumns, spec: DesignSpec): EncodedDesign {
  const picked = Int32Array.from(spec.numeric, (name) => NUMERIC_FEATURES.indexOf(name));
  const categoricals = spec.categorical ? CATEGORICAL_WIDTH : 0;
  const rows = completeRows(columns, picked, categoricals);
  const dummies = CATEGORICAL_FEATURES.slice(0, categoricals).map((name, k) =>
    dummyColumns(name, columns, k, rows, spec.relabel[name], spec.categoryOrder[name]),
  );
  const names = [...spec.numeric, ...dummies.flatMap((d) => d.names)];
  const { numeric, codes, target } = columns;
  const y = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) y[i] = target[rows[i]];
  const slot = numericSlots(numeric, rows, picked);
  const valueWidth = slot.reduce((n, s) => (s >= 0 ? n + 1 : n), 0);
  const numericIndicators = picked.length - valueWidth;
  const indicatorWidth = rows.length === 0 ? 0 : names.length - valueWidth;
  const values = new Float64Array(rows.length * valueWidth);
  if (indicatorWidth === 0) {
    for (let i = 0; i < rows.length; i++) for (let j = 0; j < picked.length; j++) values[i * valueWidth + j] = numeric[rows[i] * FEATURE_WIDTH + picked[j]];
    return { columns: names, X: float64Bytes(values), y: float64Bytes(y) };
  }
  // hot[levelStart[k] + code]: the indicator byte of the 1 of categorical k's level code, or -1.
  const levelStart = new Int32Array(categoricals);
  const hot = new Int32Array(columns.levels.reduce((n, levels) => n + levels.length, 0)).fill(-1);
  let start = 0;
  let offset = numericIndicators;
  dummies.forEach(({ names, column }, k) => {
    levelStart[k] = start;
    for (let code = 0; code < column.length; code++) if (column[code] >= 0) hot[start + code] = offset + column[code];
    start += column.length;
    offset += names.length;
  });
  const indicators = new Uint8Array(rows.length * indicatorWidth);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const valueAt = i * valueWidth;
    const indicatorAt = i * indicatorWidth;
    for (let j = 0; j < picked.length; j++) {
      const value = numeric[row * FEATURE_WIDTH + picked[j]];
      const s = slot[j];
      if (s >= 0) values[valueAt + s] = value;
      else indicators[indicatorAt - 1 - s] = value;
    }
    for (let k = 0; k < categoricals; k++) {
      const column = hot[levelStart[k] + codes[row * CATEGORICAL_WIDTH + k]];
      if (column >= 0) indicators[indicatorAt + column] = 1;
    }
  }
  const indicatorColumns = names.flatMap((_, j) => (j < picked.length && slot[j] >= 0 ? [] : [j]));
  return { columns: names, X: float64Bytes(values), y: float64Bytes(y), indicatorColumns, indicators };
}

/** For each picked predictor, its index among the value columns (s >= 0), or -1 - its index among the indicator columns. */
function numericSlots(numeric: Float64Array, rows: Int32Array, picked: Int32Array): Int32Array {
  const indicator = new Uint8Array(picked.length).fill(rows.length > 0 ? 1 : 0);
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < picked.length; j++) {
      const value = numeric[rows[i] * FEATURE_WIDTH + picked[j]];
      // +0 or 1; -0 is not, as a byte would lose its sign.
      if (value !== 1 && !(value === 0 && 1 / value > 0)) indicator[j] = 0;
    }
  }
  const slot = new Int32Array(picked.length);
  let values = 0;
  let indicators = 0;
  for (let j = 0; j < picked.length; j++) slot[j] = indicator[j] === 1 ? -1 - indicators++ : values++;
  return slot;
}

/** The rows dropna keeps: target, the picked numeric predictors (NaN is missing) and the first `categoricals` present. */
function completeRows({ rows: count, target, numeric, codes }: MovieColumns, picked: Int32Array, categoricals: number): Int32Array {
  const rows = new Int32Array(count);
  let kept = 0;
  next: for (let row = 0; row < count; row++) {
    // x !== x: NaN, without a call.
    if (target[row] !== target[row]) continue;
    for (let j = 0; j < picked.length; j++) {
      const value = numeric[row * FEATURE_WIDTH + picked[j]];
      if (value !== value) continue next;
    }
    for (let k = 0; k < categoricals; k++) if (codes[row * CATEGORICAL_WIDTH + k] < 0) continue next;
    rows[kept++] = row;
  }
  return rows.subarray(0, kept);
}

/**
 * Categorical k's dummy columns over the design's rows, `column` indexed by code: get_dummies
 * sees only the levels present in those rows, unless it is a Categorical with declared categories.
 */
function dummyColumns(
  prefix: string,
  { codes, levels }: MovieColumns,
  k: number,
  rows: Int32Array,
  labels: readonly string[] = levels[k],
  categories?: readonly string[],
): { names: string[]; column: Int32Array } {
  const present = new Uint8Array(labels.length);
  for (let i = 0; i < rows.length; i++) present[codes[rows[i] * CATEGORICAL_WIDTH + k]] = 1;
  const presentCodes = labels.flatMap((_, code) => (present[code] === 1 ? [code] : []));
  const { names, column } = oneHotLevels(prefix, presentCodes.map((code) => labels[code]), categories);
  const byCode = new Int32Array(labels.length).fill(-1);
  presentCodes.forEach((code, i) => (byCode[code] = column[i]));
  return { names, column: byCode };
}
