import { runKeys } from '../../src/engine/runLayout.js';
import type { StudyPredictors } from '../../src/engine/study.js';
import { assertSavedModelName, SAVED_MODEL_FILES, SAVED_MODEL_NAMES, savedModelPredictor } from '../../src/models/savedModels.js';
import { SweepflowError } from '../../src/sweepflowError.js';
import { readMovieTable } from './data/readMovieTable.js';
import { predictionDesign } from './predictionDesign.js';

/** A run's saved KNN, MLP or OLS applied to a movie CSV: rows are named by their CSV line. */
export const moviePredictors: StudyPredictors = {
  models: SAVED_MODEL_NAMES,
  async predict({ store, manifest, model, file }) {
    assertSavedModelName(model);
    const key = runKeys.model(manifest.runId, SAVED_MODEL_FILES[model]);
    const saved = await store.getJson<unknown>(key);
    if (saved === null) throw new SweepflowError(`run '${manifest.runId}' has no saved model ${key} in ${store.description} (has it completed?)`);
    const predict = savedModelPredictor(model, saved);
    const design = predictionDesign((await readMovieTable(file)).records);
    if (design.X.rows === 0) throw new SweepflowError(`${file}: no row has budget > 0 and all six numeric predictors`);
    const predictions = predict(design.X);
    return { rows: design.lines.map((line, i) => ({ id: String(line), prediction: predictions[i] })), skipped: design.skipped };
  },
};
