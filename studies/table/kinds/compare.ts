import { recipeCompare } from '../../recipe/recipeCompare.js';
import { TABLE_REPORT } from '../tableReport.js';

/** The recipe's compare: the numeric OLS design, then the full one when the table has categoricals. */
export const compare = recipeCompare({ module: import.meta.url, report: TABLE_REPORT, olsDesigns: (prepared) => ['numeric', ...Object.keys(prepared.olsDesigns)] });
