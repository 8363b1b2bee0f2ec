import { runKeys } from '../../../src/engine/runLayout.js';
import type { StudyRun } from '../../../src/engine/study.js';
import { z } from 'zod';

/** The part of a recipe study's results.json that names the best model (every recipe study has it). */
const comparisonSchema = z.object({
  comparison: z.object({ best: z.string(), models: z.array(z.object({ model: z.string(), validRmse: z.number() })) }),
});

/** "best model: mlp (valid RMSE 0.712)", from results.json; undefined before the comparison is written. */
export async function runHeadline({ store, manifest }: StudyRun): Promise<string | undefined> {
  const parsed = comparisonSchema.safeParse(await store.getJson<unknown>(runKeys.results(manifest.runId)));
  if (!parsed.success) return undefined;
  const { best, models } = parsed.data.comparison;
  const rmse = models.find((m) => m.model === best)?.validRmse;
  return `best model: ${best}${rmse === undefined ? '' : ` (valid RMSE ${rmse.toFixed(4)})`}`;
}
