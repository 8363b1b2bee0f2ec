import type { RecipeReport } from '../recipe/report/writeReport.js';
import { tableResultsSchema, type TableResults } from './resultsSchema.js';
import { tableConfigSchema, type TableConfig } from './tableConfig.js';

/** The table study's part of its report: names from the table's columns, its OLS designs and row counts. */
export const TABLE_REPORT: RecipeReport<TableResults, TableConfig> = {
  resultsSchema: tableResultsSchema,
  configSchema: tableConfigSchema,
  targetColumn: (config) => config.table.target ?? 'target',
  facts: (results, config) => {
    const target = config.table.target ?? 'target';
    const { dataset, ols } = results;
    return {
      targetLabel: target,
      targetColumn: target,
      rowNoun: 'rows',
      olsFits: [{ design: 'numeric', fit: ols.numeric }, ...(ols.full === undefined ? [] : [{ design: 'full', fit: ols.full }])],
      datasetRows: [
        ['dataset sha256', dataset.sha256],
        ['rows in the table', dataset.rows],
        ...(dataset.rowsPrepared === undefined ? [] : [['rows the preparation kept', dataset.rowsPrepared] as const]),
        ['rows with the target', dataset.rowsUsed],
        ['rows of the numeric design', dataset.rowsNumeric],
        ...(dataset.rowsCategorical === undefined ? [] : [['rows of the full design (with the categoricals)', dataset.rowsCategorical] as const]),
      ],
    };
  },
};
