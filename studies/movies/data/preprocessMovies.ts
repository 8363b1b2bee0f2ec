import type { MovieRecord } from './movieSchema.js';
import type { Design } from '../../../src/data/design.js';
import { numericTable, type NumericTable } from '../../../src/data/numericTable.js';
import { oneHotDropFirst } from '../../../src/data/oneHot.js';
import {
  CATEGORICAL_FEATURES,
  NUMERIC_FEATURES,
  POPULARITY_LABELS,
  YEAR_LABELS,
  YEAR_LABELS_EN_DASH,
  actorFilmCounts,
  categoricalLevels,
  numericFeatures,
  type CategoricalFeature,
  type CategoricalLevels,
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

/** How one of the notebook's categorical designs is built. */
interface DesignSpec {
  readonly numeric: readonly NumericFeature[];
  readonly yearLabels: readonly string[];
  /** Columns the notebook left as pandas Categoricals: dummies follow this order, not sorted order. */
  readonly categoryOrder: Partial<Record<CategoricalFeature, readonly string[]>>;
}

/** The full model's cell casts every category to str before get_dummies. */
const FULL_DESIGN: DesignSpec = { numeric: NUMERIC_FEATURES, yearLabels: YEAR_LABELS, categoryOrder: {} };

const REDUCED_DESIGN: DesignSpec = {
  numeric: ['log_vote_count', 'log_user_rating_count', 'runtime'],
  yearLabels: YEAR_LABELS_EN_DASH,
  categoryOrder: { year_group: YEAR_LABELS_EN_DASH, popularity_group: POPULARITY_LABELS },
};

/** A budget > 0 record's derived values, computed once for all three designs. */
interface MovieRow {
  readonly target: number | null;
  readonly numeric: Record<NumericFeature, number | null>;
  readonly levels: CategoricalLevels;
}

/** The notebook's preprocessing, step for step (DESIGN.md, "Fidelity"). */
export function preprocessMovies(records: readonly MovieRecord[]): PreprocessedMovies {
  const budgetPositive = records.filter((r) => r.budget !== null && r.budget > 0);
  // Popularity is counted over every budget > 0 row, before any row is dropped.
  const actorCounts = actorFilmCounts(budgetPositive);
  const rows: MovieRow[] = budgetPositive.map((record) => ({
    target: record.vote_average,
    numeric: numericFeatures(record),
    levels: categoricalLevels(record, actorCounts),
  }));
  return {
    rows: records.length,
    rowsBudgetPositive: budgetPositive.length,
    numeric: numericDesign(rows, NUMERIC_FEATURES),
    full: categoricalDesign(rows, FULL_DESIGN),
    reduced: categoricalDesign(rows, REDUCED_DESIGN),
  };
}

function numericDesign(rows: readonly MovieRow[], features: readonly NumericFeature[]): Design {
  const values: number[] = [];
  const y: number[] = [];
  for (const row of rows) {
    if (!complete(row, features)) continue;
    for (const name of features) values.push(row.numeric[name]!);
    y.push(row.target!);
  }
  return { X: numericTable(features, Float64Array.from(values)), y: Float64Array.from(y) };
}

/** Whether the row has the target and every one of `features` (dropna keeps it). */
function complete(row: MovieRow, features: readonly NumericFeature[]): boolean {
  return row.target !== null && features.every((name) => row.numeric[name] !== null);
}

/** The row's level of each categorical predictor, with the year labelled as the design spells it. */
function levelOf(row: MovieRow, name: CategoricalFeature, yearLabels: readonly string[]): string | null {
  if (name !== 'year_group') return row.levels[name];
  return row.levels.year_bin === null ? null : yearLabels[row.levels.year_bin];
}

function categoricalDesign(rows: readonly MovieRow[], spec: DesignSpec): Design {
  const kept = rows.filter(
    (row) => complete(row, spec.numeric) && CATEGORICAL_FEATURES.every((name) => levelOf(row, name, spec.yearLabels) !== null),
  );
  const dummies = CATEGORICAL_FEATURES.map((name) =>
    oneHotDropFirst(name, kept.map((row) => levelOf(row, name, spec.yearLabels)!), spec.categoryOrder[name]),
  );
  const columns = [...spec.numeric, ...dummies.flatMap((d) => d.names)];
  const data = new Float64Array(kept.length * columns.length);
  kept.forEach((row, i) => {
    let offset = i * columns.length;
    for (const name of spec.numeric) data[offset++] = row.numeric[name]!;
    for (const { names, hot } of dummies) {
      if (hot[i] >= 0) data[offset + hot[i]] = 1;
      offset += names.length;
    }
  });
  return { X: numericTable(columns, data), y: Float64Array.from(kept, (row) => row.target!) };
}
