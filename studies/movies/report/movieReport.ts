import { studyConfigSchema, type StudyConfig } from '../../recipe/recipeConfig.js';
import type { RecipeReport } from '../../recipe/report/writeReport.js';
import { TARGET } from '../data/movieFeatures.js';
import { resultsSchema, type StudyResults } from './resultsSchema.js';

/** The movie study's part of its report: its three OLS designs and the notebook's row counts. */
export const MOVIE_REPORT: RecipeReport<StudyResults, StudyConfig> = {
  resultsSchema,
  configSchema: studyConfigSchema,
  targetColumn: () => TARGET,
  facts: (results) => ({
    targetLabel: 'Vote Average',
    targetColumn: TARGET,
    rowNoun: 'movies',
    olsFits: (['full', 'numeric', 'reduced'] as const).map((design) => ({ design, fit: results.ols[design] })),
    datasetRows: [
      ['dataset sha256', results.dataset.sha256],
      ['rows in the table', results.dataset.rows],
      ['rows with budget > 0', results.dataset.rowsBudgetPositive],
      ['rows of the numeric design (df_num)', results.dataset.rowsNumeric],
      ['rows of the categorical designs', results.dataset.rowsCategorical],
    ],
  }),
};
