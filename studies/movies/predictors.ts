import { readCsvTable } from '../../src/data/readCsvTable.js';
import { rowIds } from '../../src/data/rowIds.js';
import type { StudyPredictors } from '../../src/engine/study.js';
import { SAVED_MODEL_NAMES } from '../../src/models/savedModels.js';
import { SweepflowError } from '../../src/sweepflowError.js';
import { runPredictor } from '../recipe/runPredictor.js';
import { PREDICTOR_SOURCE_COLUMNS } from './data/movieSchema.js';
import { movieRecords } from './data/readMovieTable.js';
import { predictionDesign } from './predictionDesign.js';

/**
 * A run's saved KNN, MLP or OLS applied to a movie CSV: it needs only the columns the six
 * predictors derive from (no rating, no text); rows are named by their CSV line or --id column.
 */
export const moviePredictors: StudyPredictors = {
  models: SAVED_MODEL_NAMES,
  async predict(request) {
    const predict = await runPredictor(request, request.model);
    const table = await readCsvTable(request.file, PREDICTOR_SOURCE_COLUMNS);
    const ids = rowIds(table, request.idColumn);
    const design = predictionDesign(movieRecords(table));
    if (design.X.rows === 0) throw new SweepflowError(`${request.file}: no row has budget > 0 and all six numeric predictors`);
    const predictions = predict(design.X);
    return { rows: design.lines.map((line, i) => ({ id: ids.get(line)!, prediction: predictions[i] })), skipped: design.skipped };
  },
};
