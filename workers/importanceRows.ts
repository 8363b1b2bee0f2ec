import type { PermutationImportance } from '../src/models/permutationImportance.js';

export interface ImportanceRow {
  readonly feature: string;
  readonly mean: number;
  readonly std: number;
}

/** results.json's importance list: one row per feature, most important first (the notebook's sort). */
export function importanceRows(features: readonly string[], importance: PermutationImportance): ImportanceRow[] {
  return features
    .map((feature, j) => ({ feature, mean: importance.importancesMean[j], std: importance.importancesStd[j] }))
    .sort((a, b) => b.mean - a.mean);
}
