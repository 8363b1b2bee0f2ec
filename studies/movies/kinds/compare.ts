import { z } from 'zod';
import { defineJobKind } from '../../../src/engine/jobKind.js';
import { runKeys } from '../../../src/engine/runLayout.js';
import { COMPARE_OBJECTIVE, compareMetrics } from '../../recipe/compareMetrics.js';
import { gatherRecipe, RECIPE_COMPARE_READS } from '../../recipe/gatherRecipe.js';
import { split as splitSchema } from '../../recipe/recipeConfig.js';
import { resultsSchema, type StudyResults } from '../report/resultsSchema.js';
import { writeRunReport } from '../../recipe/report/writeReport.js';
import { MOVIE_REPORT } from '../report/movieReport.js';

export interface CompareResult {
  readonly results: StudyResults;
}

const OLS_DESIGNS = ['full', 'numeric', 'reduced'] as const;

/**
 * Gathers every stage into results.json (validated against the contract), evaluates the
 * predictive models on the study's one split, and writes the run's models for predict.
 */
export const compare = defineJobKind({
  name: 'compare',
  module: import.meta.url,
  params: z.strictObject({ split: splitSchema }),
  reads: RECIPE_COMPARE_READS,
  perRun: true,
  async run(context): Promise<CompareResult> {
    const manifest = await context.manifest();
    const gathered = await gatherRecipe(context);
    const results: StudyResults = resultsSchema.parse({
      schemaVersion: 1,
      runId: manifest.runId,
      dataset: { sha256: gathered.prepared.sha256, ...gathered.prepared.counts },
      ols: Object.fromEntries(OLS_DESIGNS.map((design) => [design, gathered.olsFit(design)])),
      ...gathered.results,
      timings: await gathered.timings(),
    });
    await gathered.saveModels(OLS_DESIGNS);
    await context.store.putJson(runKeys.results(context.runId), results);
    await writeRunReport(context.store, context.runId, MOVIE_REPORT);
    return { results };
  },
  metrics: compareMetrics,
  objective: COMPARE_OBJECTIVE,
});
