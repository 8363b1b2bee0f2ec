import { runKeys } from '../../../src/engine/runLayout.js';
import type { StudyRun } from '../../../src/engine/study.js';
import { resultsSchema } from './resultsSchema.js';

/** "best model: mlp (valid RMSE 0.712)", from results.json; undefined before the comparison is written. */
export async function runHeadline({ store, manifest }: StudyRun): Promise<string | undefined> {
  const parsed = resultsSchema.safeParse(await store.getJson<unknown>(runKeys.results(manifest.runId)));
  if (!parsed.success) return undefined;
  const { best, models } = parsed.data.comparison;
  const rmse = models.find((m) => m.model === best)?.validRmse;
  return `best model: ${best}${rmse === undefined ? '' : ` (valid RMSE ${rmse.toFixed(4)})`}`;
}
