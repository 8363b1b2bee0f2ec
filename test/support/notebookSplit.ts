import { expect } from 'vitest';
import { preprocessMovies } from '../../studies/movies/data/preprocessMovies.js';
import { readMovieTable } from '../../studies/movies/data/readMovieTable.js';
import { trainScaledSplit, type ScaledSplit } from '../../studies/recipe/kinds/recipeInputs.js';

/**
 * The notebook's scaled 75/25 split (random_state 3001) of data/movies.csv, after checking the file
 * is the one the parity fixture was made from.
 */
export async function notebookScaledSplit(fixtureSha256: string): Promise<ScaledSplit> {
  const table = await readMovieTable('data/movies.csv');
  expect(table.sha256).toBe(fixtureSha256);
  return trainScaledSplit(preprocessMovies(table.records).numeric, 0.25, 3001);
}
