import { z } from 'zod';
import { defineJobKind } from '../../../src/engine/jobKind.js';
import { runKeys } from '../../../src/engine/runLayout.js';
import { COMPARE_OBJECTIVE, compareMetrics } from '../../recipe/compareMetrics.js';
import { gatherRecipe, RECIPE_COMPARE_READS } from '../../recipe/gatherRecipe.js';
import { split as splitSchema } from '../../recipe/recipeConfig.js';
import { writeRunReport } from '../../recipe/report/writeReport.js';
import { tableResultsSchema, type TableResults } from '../resultsSchema.js';
import { TABLE_REPORT } from '../tableReport.js';

export interface CompareResult {
  readonly results: TableResults;
}

/**
 * Gathers every stage into the table study's results.json (validated against its contract),
 * evaluates the predictive models on the study's one split, and writes the run's models and report.
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
    const olsDesigns = ['numeric', ...Object.keys(gathered.prepared.olsDesigns)];
    const results: TableResults = tableResultsSchema.parse({
      schemaVersion: 1,
      runId: manifest.runId,
      dataset: { sha256: gathered.prepared.sha256, ...gathered.prepared.counts },
      ols: Object.fromEntries(olsDesigns.map((design) => [design, gathered.olsFit(design)])),
      ...gathered.results,
      timings: await gathered.timings(),
    });
    await gathered.saveModels(olsDesigns);
    await context.store.putJson(runKeys.results(context.runId), results);
    await writeRunReport(context.store, context.runId, TABLE_REPORT);
    return { results };
  },
  metrics: compareMetrics,
  objective: COMPARE_OBJECTIVE,
});
