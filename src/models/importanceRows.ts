import type { PermutationImportance } from '../models/permutationImportance.js';

export interface ImportanceRow {
  readonly feature: string;
  readonly mean: number;
  readonly std: number;
}

/** results.json's importance list: one row per feature, most important first (the notebook's sort). */
export function importanceRows(features: readonly string[], importance: PermutationImportance): ImportanceRow[] {
  return rankRows(features.map((feature, j) => ({ feature, mean: importance.importancesMean[j], std: importance.importancesStd[j] })));
}

/**
 * The same list from one trial per feature, in the design's column order before sorting (as
 * the sort is stable). Every feature must have its row: no partial list from a failed trial.
 */
export function featureImportanceRows(features: readonly string[], trials: readonly ImportanceRow[]): ImportanceRow[] {
  return rankRows(
    features.map((feature) => {
      const trial = trials.find((t) => t.feature === feature);
      if (trial === undefined) throw new Error(`permutation importance of '${feature}' has no result`);
      return { feature, mean: trial.mean, std: trial.std };
    }),
  );
}

function rankRows(rows: ImportanceRow[]): ImportanceRow[] {
  return rows.sort((a, b) => b.mean - a.mean);
}
