import type { Objective, TrialMetrics } from '../../src/engine/trialMetrics.js';
import type { RecipeResults } from './recipeResultsSchema.js';

/** A recipe study's compare trial in the trials table: each model's validation RMSE on the one split. */
export function compareMetrics({ results }: { readonly results: RecipeResults }): TrialMetrics {
  return Object.fromEntries(results.comparison.models.map((m) => [`validRmse.${m.model}`, m.validRmse]));
}

/** The best model is the one with the lowest validation RMSE. */
export const COMPARE_OBJECTIVE: Objective = { metric: 'validRmse', goal: 'min' };
