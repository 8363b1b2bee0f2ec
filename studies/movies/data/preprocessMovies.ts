import type { MovieRecord } from './movieSchema.js';
import type { Design } from '../../../src/data/design.js';
import { decodeDesign, type EncodedDesign } from '../../../src/data/designCodec.js';
import { float64Bytes } from '../../../src/data/float64Codec.js';
import { oneHotLevels } from '../../../src/data/oneHot.js';
import { CATEGORICAL_WIDTH, FEATURE_WIDTH, TARGET_MISSING, categoricalMissing, movieColumns, type MovieColumns } from './movieColumns.js';
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
  let required = TARGET_MISSING;
  for (let j = 0; j < picked.length; j++) required |= 1 << picked[j];
  for (let k = 0; k < categoricals; k++) required |= categoricalMissing(k);
  const rows = completeRows(columns.missing, required);
  const dummies = CATEGORICAL_FEATURES.slice(0, categoricals).map((name, k) =>
    dummyColumns(name, columns, k, rows, spec.relabel[name], spec.categoryOrder[name]),
  );
  const names = [...spec.numeric, ...dummies.flatMap((d) => d.names)];
  const slot = numericSlots(columns.numeric, rows, picked);
  const valueWidth = slot.reduce((n, s) => (s >= 0 ? n + 1 : n), 0);
  const indicatorWidth = rows.length === 0 ? 0 : names.length - valueWidth;
  // hot[levelStart[k] + code]: the indicator byte of the 1 of categorical k's level code, or -1.
  const levelStart = new Int32Array(categoricals);
  const hot = new Int32Array(columns.levels.reduce((n, levels) => n + levels.length, 0)).fill(-1);
  let start = 0;
  let offset = picked.length - valueWidth;
  dummies.forEach(({ names, column }, k) => {
    levelStart[k] = start;
    for (let code = 0; code < column.length; code++) if (column[code] >= 0) hot[start + code] = offset + column[code];
    start += column.length;
    offset += names.length;
  });
  const values = new Float64Array(rows.length * valueWidth);
  const indicators = new Uint8Array(rows.length * indicatorWidth);
  writePredictors(columns.numeric, rows, picked, slot, values, valueWidth, indicators, indicatorWidth);
  // Not for a design without categoricals: its loop would be optimised without any feedback for the inner one.
  if (categoricals > 0) writeDummies(columns.codes, rows, categoricals, levelStart, hot, indicators, indicatorWidth);
  const y = float64Bytes(targets(columns.target, rows));
  if (indicatorWidth === 0) return { columns: names, X: float64Bytes(values), y };
  const indicatorColumns = names.flatMap((_, j) => (j < picked.length && slot[j] >= 0 ? [] : [j]));
  return { columns: names, X: float64Bytes(values), y, indicatorColumns, indicators };
}

// Each hot loop is a function of its own: a cold run's V8 optimises it on its own (on-stack),
// not with the code after it, which has no type feedback yet and would throw the optimised code away.

function targets(target: Float64Array, rows: Int32Array): Float64Array {
  const y = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) y[i] = target[rows[i]];
  return y;
}

/** Each design row's picked predictors, into its value columns or indicator bytes as their slots say (numericSlots). */
function writePredictors(
  numeric: Float64Array,
  rows: Int32Array,
  picked: Int32Array,
  slot: Int32Array,
  values: Float64Array,
  valueWidth: number,
  indicators: Uint8Array,
  indicatorWidth: number,
): void {
  for (let i = 0; i < rows.length; i++) {
    const from = rows[i] * FEATURE_WIDTH;
    for (let j = 0; j < picked.length; j++) {
      const s = slot[j];
      if (s >= 0) values[i * valueWidth + s] = numeric[from + picked[j]];
      else indicators[i * indicatorWidth - 1 - s] = numeric[from + picked[j]];
    }
  }
}

/** Each design row's 1 of each of its first `categoricals` categoricals (none for the dropped level), at hot[levelStart[k] + code]. */
function writeDummies(
  codes: Int32Array,
  rows: Int32Array,
  categoricals: number,
  levelStart: Int32Array,
  hot: Int32Array,
  indicators: Uint8Array,
  indicatorWidth: number,
): void {
  for (let i = 0; i < rows.length; i++) {
    const from = rows[i] * CATEGORICAL_WIDTH;
    for (let k = 0; k < categoricals; k++) {
      const column = hot[levelStart[k] + codes[from + k]];
      if (column >= 0) indicators[i * indicatorWidth + column] = 1;
    }
  }
}

/** For each picked predictor, its index among the value columns (s >= 0), or -1 - its index among the indicator columns. */
function numericSlots(numeric: Float64Array, rows: Int32Array, picked: Int32Array): Int32Array {
  const all = (1 << picked.length) - 1;
  // Bit j: picked predictor j has a value neither +0 nor 1 (-0 is not: a byte would lose its sign),
  // which most show in the first row. An empty design has no indicators.
  let values = rows.length === 0 ? all : 0;
  for (let i = 0; i < rows.length && values !== all; i++) {
    const from = rows[i] * FEATURE_WIDTH;
    for (let j = 0; j < picked.length; j++) {
      const value = numeric[from + picked[j]];
      if (value !== 1 && !(value === 0 && 1 / value > 0)) values |= 1 << j;
    }
  }
  const slot = new Int32Array(picked.length);
  let valueColumns = 0;
  let indicatorColumns = 0;
  for (let j = 0; j < picked.length; j++) slot[j] = (values & (1 << j)) === 0 ? -1 - indicatorColumns++ : valueColumns++;
  return slot;
}

/** The rows dropna keeps: those missing none of the `required` values (MovieColumns.missing's bits). */
function completeRows(missing: Uint16Array, required: number): Int32Array {
  const rows = new Int32Array(missing.length);
  return rows.subarray(0, keepComplete(missing, required, rows));
}

/** completeRows' loop, writing `rows` and returning how many. */
function keepComplete(missing: Uint16Array, required: number, rows: Int32Array): number {
  let kept = 0;
  for (let row = 0; row < missing.length; row++) if ((missing[row] & required) === 0) rows[kept++] = row;
  return kept;
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
  markPresent(codes, k, rows, present);
  const presentCodes = labels.flatMap((_, code) => (present[code] === 1 ? [code] : []));
  const { names, column } = oneHotLevels(prefix, presentCodes.map((code) => labels[code]), categories);
  const byCode = new Int32Array(labels.length).fill(-1);
  presentCodes.forEach((code, i) => (byCode[code] = column[i]));
  return { names, column: byCode };
}

/** present[code] = 1 for each code categorical k has in the rows. */
function markPresent(codes: Int32Array, k: number, rows: Int32Array, present: Uint8Array): void {
  for (let i = 0; i < rows.length; i++) present[codes[rows[i] * CATEGORICAL_WIDTH + k]] = 1;
}
