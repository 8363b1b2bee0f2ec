import type { MovieRecord } from './movieSchema.js';
import type { CodedColumn } from '../../../src/data/codeLevels.js';
import type { Design } from '../../../src/data/design.js';
import { numericTable } from '../../../src/data/numericTable.js';
import { oneHotLevels, type OneHotLevels } from '../../../src/data/oneHot.js';
import { movieColumns, type MovieColumns } from './movieColumns.js';
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

/** How one of the notebook's designs is built; dropna keeps the rows with the target and all its predictors. */
interface DesignSpec {
  readonly numeric: readonly NumericFeature[];
  readonly categorical: readonly CategoricalFeature[];
  /** Labels in place of a column's own levels, code for code. */
  readonly relabel: Partial<Record<CategoricalFeature, readonly string[]>>;
  /** Columns the notebook left as pandas Categoricals: dummies follow this order, not sorted order. */
  readonly categoryOrder: Partial<Record<CategoricalFeature, readonly string[]>>;
}

const NUMERIC_DESIGN: DesignSpec = { numeric: NUMERIC_FEATURES, categorical: [], relabel: {}, categoryOrder: {} };

/** The full model's cell casts every category to str before get_dummies. */
const FULL_DESIGN: DesignSpec = { numeric: NUMERIC_FEATURES, categorical: CATEGORICAL_FEATURES, relabel: {}, categoryOrder: {} };

/** The reduced model's cell spells the year labels with an en dash and keeps them Categorical. */
const REDUCED_DESIGN: DesignSpec = {
  numeric: ['log_vote_count', 'log_user_rating_count', 'runtime'],
  categorical: CATEGORICAL_FEATURES,
  relabel: { year_group: YEAR_LABELS_EN_DASH },
  categoryOrder: { year_group: YEAR_LABELS_EN_DASH, popularity_group: POPULARITY_LABELS },
};

/** The notebook's preprocessing, step for step (DESIGN.md, "Fidelity"). */
export function preprocessMovies(records: readonly MovieRecord[]): PreprocessedMovies {
  const columns = movieColumns(records);
  return {
    rows: records.length,
    rowsBudgetPositive: columns.rows,
    numeric: design(columns, NUMERIC_DESIGN),
    full: design(columns, FULL_DESIGN),
    reduced: design(columns, REDUCED_DESIGN),
  };
}

function design(columns: MovieColumns, spec: DesignSpec): Design {
  const numeric = spec.numeric.map((name) => columns.numeric[name]);
  const coded = spec.categorical.map((name) => columns.categorical[name]);
  const rows = completeRows(columns.target, numeric, coded);
  const dummies = spec.categorical.map((name, k) => dummyColumns(name, coded[k], rows, spec.relabel[name], spec.categoryOrder[name]));
  const names = [...spec.numeric, ...dummies.flatMap((d) => d.names)];
  const width = names.length;
  const data = new Float64Array(rows.length * width);
  const y = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    let offset = i * width;
    for (const values of numeric) data[offset++] = values[row];
    for (let k = 0; k < dummies.length; k++) {
      const hot = dummies[k].column[coded[k].codes[row]];
      if (hot >= 0) data[offset + hot] = 1;
      offset += dummies[k].names.length;
    }
    y[i] = columns.target[row];
  }
  return { X: numericTable(names, data), y };
}

/** The rows dropna keeps: target, every numeric predictor (NaN is missing) and every category present. */
function completeRows(target: Float64Array, numeric: readonly Float64Array[], coded: readonly CodedColumn[]): Int32Array {
  const rows = new Int32Array(target.length);
  let count = 0;
  next: for (let row = 0; row < target.length; row++) {
    if (Number.isNaN(target[row])) continue;
    for (const values of numeric) if (Number.isNaN(values[row])) continue next;
    for (const { codes } of coded) if (codes[row] < 0) continue next;
    rows[count++] = row;
  }
  return rows.subarray(0, count);
}

/**
 * A categorical's dummy columns over the design's rows, `column` indexed by code: get_dummies
 * sees only the levels present in those rows, unless it is a Categorical with declared categories.
 */
function dummyColumns(
  prefix: string,
  { codes, levels }: CodedColumn,
  rows: Int32Array,
  labels: readonly string[] = levels,
  categories?: readonly string[],
): OneHotLevels {
  const present = new Uint8Array(labels.length);
  for (const row of rows) present[codes[row]] = 1;
  const presentCodes = labels.flatMap((_, code) => (present[code] === 1 ? [code] : []));
  const { names, column } = oneHotLevels(prefix, presentCodes.map((code) => labels[code]), categories);
  const byCode = new Int32Array(labels.length).fill(-1);
  presentCodes.forEach((code, k) => (byCode[code] = column[k]));
  return { names, column: byCode };
}
