import { runKeys } from '../../src/engine/runLayout.js';
import type { StudyRun } from '../../src/engine/study.js';
import { assertSavedModelName, SAVED_MODEL_FILES, savedModelPredictor, type Predictor } from '../../src/models/savedModels.js';
import { SweepflowError } from '../../src/sweepflowError.js';

/** A run's saved KNN, MLP or OLS (runs/<runId>/models/) as a predict function on the unscaled numeric design. */
export async function runPredictor({ store, manifest }: StudyRun, model: string): Promise<Predictor> {
  assertSavedModelName(model);
  const key = runKeys.model(manifest.runId, SAVED_MODEL_FILES[model]);
  const saved = await store.getJson<unknown>(key);
  if (saved === null) throw new SweepflowError(`run '${manifest.runId}' has no saved model ${key} in ${store.description} (has it completed?)`);
  return savedModelPredictor(model, saved);
}
