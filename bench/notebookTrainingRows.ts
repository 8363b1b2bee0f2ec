import type { Design } from '../src/data/preprocessMovies.js';
import { preprocessMovies } from '../src/data/preprocessMovies.js';
import { readMovieTable } from '../src/data/readMovieTable.js';
import { trainScaledSplit } from '../workers/studyInputs.js';

/** The notebook's KNN and MLP training set: df_num, test_size 0.25, seed 3001, scaler fit on train. */
export async function notebookTrainingRows(dataPath: string): Promise<Design> {
  const { records } = await readMovieTable(dataPath);
  return trainScaledSplit(preprocessMovies(records).numeric, 0.25, 3001).train;
}
