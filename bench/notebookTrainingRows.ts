import type { Design } from '../src/data/design.js';
import { preprocessMovies } from '../studies/movies/data/preprocessMovies.js';
import { readMovieTable } from '../studies/movies/data/readMovieTable.js';
import { trainScaledSplit } from '../studies/recipe/kinds/recipeInputs.js';

/** The notebook's KNN and MLP training set: df_num, test_size 0.25, seed 3001, scaler fit on train. */
export async function notebookTrainingRows(dataPath: string): Promise<Design> {
  const { records } = await readMovieTable(dataPath);
  return trainScaledSplit(preprocessMovies(records).numeric, 0.25, 3001).train;
}
