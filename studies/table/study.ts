import { readCsvTable } from '../../src/data/readCsvTable.js';
import { stageOf } from '../../src/engine/dag.js';
import { defineStudy } from '../../src/engine/study.js';
import { SweepflowError } from '../../src/sweepflowError.js';
import { kmeans } from '../recipe/kinds/kmeans.js';
import { kmeansPca } from '../recipe/kinds/kmeansPca.js';
import { knnCell } from '../recipe/kinds/knnCell.js';
import { knnCurve } from '../recipe/kinds/knnCurve.js';
import { knnFinal } from '../recipe/kinds/knnFinal.js';
import { knnImportance } from '../recipe/kinds/knnImportance.js';
import { knnTable } from '../recipe/kinds/knnTable.js';
import { mlp } from '../recipe/kinds/mlp.js';
import { mlpFinal } from '../recipe/kinds/mlpFinal.js';
import { ols } from '../recipe/kinds/ols.js';
import { pca } from '../recipe/kinds/pca.js';
import { runHeadline } from '../recipe/report/runHeadline.js';
import { renderRunReport } from '../recipe/report/writeReport.js';
import { recipeStages, studyGridProblem, studyRowsProblem } from '../recipe/recipeStages.js';
import { prepareTable } from './data/prepareTable.js';
import { compare } from './kinds/compare.js';
import { tablePredictors } from './predictors.js';
import { preprocess } from './kinds/preprocess.js';
import { TABLE_REPORT } from './tableReport.js';
import { TABLE_PROFILES, tableConfigSchema, type TableSpec } from './tableConfig.js';
import { tableStudyFile } from './studyFile.js';

/** What the DAG needs to know of a table: its resolved predictors and whether it has a full design. */
export interface TableInfo {
  readonly file: string;
  readonly spec: TableSpec;
  readonly features: readonly string[];
  readonly numericRows: number;
  readonly fullRows?: number;
}

/** The notebook's recipe on any CSV: `--target COL [--features a,b] [--categorical c,d]`, or a study file with the table's preparation. */
export const tableStudy = defineStudy({
  id: 'table',
  title: "The notebook's recipe on any table",
  config: tableConfigSchema,
  profiles: TABLE_PROFILES,
  defaultProfile: 'seed',
  async inspect(dataset, config): Promise<TableInfo> {
    const prepared = prepareTable(await readCsvTable(dataset.file), config.table);
    const problem = studyRowsProblem(prepared.numeric.X.rows);
    if (problem !== null) throw new SweepflowError(`${dataset.file}: ${problem}`);
    const fullRows = prepared.full?.X.rows;
    if (prepared.full !== undefined && fullRows! <= prepared.full.X.columns.length + 1) {
      throw new SweepflowError(`${dataset.file}: the full design's ${fullRows} rows cannot fit its ${prepared.full.X.columns.length + 1} coefficients`);
    }
    return { file: dataset.file, spec: config.table, features: prepared.features, numericRows: prepared.numeric.X.rows, fullRows };
  },
  dag(config, info) {
    const problem = studyGridProblem(config, info.numericRows);
    if (problem !== null) throw new SweepflowError(`${problem} in ${info.file}`);
    return recipeStages(config, {
      // The resolved predictors, not the spec's absence of them: a content key that names the columns used.
      preprocess: stageOf(preprocess, { settings: { ...info.spec, features: [...info.features] } }),
      compare,
      features: info.features,
      olsDesigns: info.fullRows === undefined ? ['numeric'] : ['numeric', 'full'],
      pcaComponents: Math.min(config.kmeans.pcaComponents, info.features.length),
    });
  },
  kinds: [preprocess, ols, knnCurve, knnImportance, knnTable, knnCell, knnFinal, mlp, mlpFinal, kmeans, pca, kmeansPca, compare],
  report: ({ store, manifest }) => renderRunReport(store, manifest.runId, TABLE_REPORT),
  headline: runHeadline,
  predictors: tablePredictors,
  configFromDatasetOptions: (options) => ({ table: options }),
  studyFile: tableStudyFile,
});

export default tableStudy;
