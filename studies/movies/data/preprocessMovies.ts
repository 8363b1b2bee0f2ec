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
  categoricalFeatures,
  numericFeatures,
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

/** The notebook's preprocessing, step for step (DESIGN.md, "Fidelity"). */
export function preprocessMovies(records: readonly MovieRecord[]): PreprocessedMovies {
  const budgetPositive = records.filter((r) => r.budget !== null && r.budget > 0);
  // Popularity is counted over every budget > 0 row, before any row is dropped.
  const actorCounts = actorFilmCounts(budgetPositive);
  return {
    rows: records.length,
    rowsBudgetPositive: budgetPositive.length,
    numeric: numericDesign(budgetPositive, NUMERIC_FEATURES),
    full: categoricalDesign(budgetPositive, actorCounts, FULL_DESIGN),
    reduced: categoricalDesign(budgetPositive, actorCounts, REDUCED_DESIGN),
  };
}

function numericDesign(records: readonly MovieRecord[], features: readonly NumericFeature[]): Design {
  const values: number[] = [];
  const y: number[] = [];
  for (const record of records) {
    const row = numericRow(record, features);
    if (row === null) continue;
    values.push(...row);
    y.push(record.vote_average!);
  }
  return { X: numericTable(features, Float64Array.from(values)), y: Float64Array.from(y) };
}

/** The record's predictors, or null when any of them or the target is missing (dropna). */
function numericRow(record: MovieRecord, features: readonly NumericFeature[]): number[] | null {
  if (record.vote_average === null) return null;
  const all = numericFeatures(record);
  const row = features.map((name) => all[name]);
  return row.some((v) => v === null) ? null : (row as number[]);
}

function categoricalDesign(
  records: readonly MovieRecord[],
  actorCounts: ReadonlyMap<string, number>,
  spec: DesignSpec,
): Design {
  const numericRows: number[][] = [];
  const y: number[] = [];
  const categories = new Map<CategoricalFeature, string[]>(CATEGORICAL_FEATURES.map((name) => [name, []]));
  for (const record of records) {
    const row = numericRow(record, spec.numeric);
    if (row === null) continue;
    const levels = categoricalFeatures(record, actorCounts, spec.yearLabels);
    if (CATEGORICAL_FEATURES.some((name) => levels[name] === null)) continue;
    numericRows.push(row);
    y.push(record.vote_average!);
    for (const name of CATEGORICAL_FEATURES) categories.get(name)!.push(levels[name]!);
  }
  const dummies = CATEGORICAL_FEATURES.map((name) =>
    oneHotDropFirst(name, categories.get(name)!, spec.categoryOrder[name]),
  );
  const columns = [...spec.numeric, ...dummies.flatMap((d) => d.names)];
  const data = new Float64Array(numericRows.length * columns.length);
  numericRows.forEach((row, i) => {
    const base = i * columns.length;
    data.set(row, base);
    let offset = base + row.length;
    for (const { names, hot } of dummies) {
      if (hot[i] >= 0) data[offset + hot[i]] = 1;
      offset += names.length;
    }
  });
  return { X: numericTable(columns, data), y: Float64Array.from(y) };
}
