import { recipeCompare } from '../../recipe/recipeCompare.js';
import { MOVIE_REPORT } from '../report/movieReport.js';

/** The recipe's compare, with the notebook's three OLS designs. */
export const compare = recipeCompare({ module: import.meta.url, report: MOVIE_REPORT, olsDesigns: () => ['full', 'numeric', 'reduced'] });
