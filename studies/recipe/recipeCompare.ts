import { z } from 'zod';
import { defineJobKind } from '../../src/engine/jobKind.js';
import { runKeys } from '../../src/engine/runLayout.js';
import { COMPARE_OBJECTIVE, compareMetrics } from './compareMetrics.js';
import { gatherRecipe, RECIPE_COMPARE_READS } from './gatherRecipe.js';
import { split as splitSchema, type StudyConfig } from './recipeConfig.js';
import type { RecipeResults } from './recipeResultsSchema.js';
import type { PreparedTable } from './trialResults.js';
import { writeRunReport, type RecipeReport } from './report/writeReport.js';

/** What a study's compare kind is told: where it lives (its code version), its report, and its OLS designs in results.json's order. */
export interface RecipeCompareSpec<Results extends RecipeResults, Config extends StudyConfig> {
  readonly module: string;
  readonly report: RecipeReport<Results, Config>;
  olsDesigns(prepared: PreparedTable): readonly string[];
}

/**
 * A study's compare kind: gathers every recipe stage into results.json (validated against the
 * study's contract), evaluates the predictive models on the study's one split, and writes the
 * run's models and report.
 */
export function recipeCompare<Results extends RecipeResults, Config extends StudyConfig>(spec: RecipeCompareSpec<Results, Config>) {
  return defineJobKind({
    name: 'compare',
    module: spec.module,
    params: z.strictObject({ split: splitSchema }),
    reads: RECIPE_COMPARE_READS,
    perRun: true,
    async run(context): Promise<{ readonly results: Results }> {
      const manifest = await context.manifest();
      const gathered = await gatherRecipe(context);
      const olsDesigns = spec.olsDesigns(gathered.prepared);
      const results = spec.report.resultsSchema.parse({
        schemaVersion: 1,
        runId: manifest.runId,
        dataset: { sha256: gathered.prepared.sha256, ...gathered.prepared.counts },
        ols: Object.fromEntries(olsDesigns.map((design) => [design, gathered.olsFit(design)])),
        ...gathered.results,
        timings: await gathered.timings(),
      });
      await gathered.saveModels(olsDesigns);
      await context.store.putJson(runKeys.results(context.runId), results);
      await writeRunReport(context.store, context.runId, spec.report);
      return { results };
    },
    metrics: compareMetrics,
    objective: COMPARE_OBJECTIVE,
  });
}
