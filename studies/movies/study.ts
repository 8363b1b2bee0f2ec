import { defineStudy } from '../../src/engine/study.js';
import { SweepflowError } from '../../src/sweepflowError.js';
import { studyConfigSchema } from './config.js';
import { movieStages, PROFILES, studyGridProblem, studyRowsProblem } from './dag.js';
import { NUMERIC_FEATURES } from './data/movieFeatures.js';
import { preprocessMovies } from './data/preprocessMovies.js';
import { readMovieTable } from './data/readMovieTable.js';
import { compare } from './kinds/compare.js';
import { kmeans } from './kinds/kmeans.js';
import { kmeansPca } from './kinds/kmeansPca.js';
import { knnCell } from './kinds/knnCell.js';
import { knnCurve } from './kinds/knnCurve.js';
import { knnFinal } from './kinds/knnFinal.js';
import { knnImportance } from './kinds/knnImportance.js';
import { knnTable } from './kinds/knnTable.js';
import { mlp } from './kinds/mlp.js';
import { mlpFinal } from './kinds/mlpFinal.js';
import { ols } from './kinds/ols.js';
import { pca } from './kinds/pca.js';
import { preprocess } from './kinds/preprocess.js';
import { moviePredictors } from './predictors.js';
import { runHeadline } from './report/runHeadline.js';
import { renderRunReport } from './report/writeReport.js';

/** What the DAG needs to know of a movie table. */
export interface MovieTableInfo {
  readonly file: string;
  /** Rows of the numeric design (df_num). */
  readonly numericRows: number;
}

/** The notebook's study of ~9,000 movies: the worked example of a sweepflow study. */
export const movieStudy = defineStudy({
  id: 'movies',
  title: 'Movie ratings (TMDB + MovieLens): the notebook study',
  config: studyConfigSchema,
  profiles: PROFILES,
  defaultProfile: 'seed',
  async inspect(dataset): Promise<MovieTableInfo> {
    const table = await readMovieTable(dataset.file);
    const numericRows = preprocessMovies(table.records).numeric.X.rows;
    const problem = studyRowsProblem(numericRows);
    if (problem !== null) throw new SweepflowError(`${dataset.file}: ${problem}`);
    return { file: dataset.file, numericRows };
  },
  dag(config, info) {
    const problem = studyGridProblem(config, info.numericRows);
    if (problem !== null) throw new SweepflowError(`${problem} in ${info.file}`);
    return movieStages(config, NUMERIC_FEATURES);
  },
  kinds: [preprocess, ols, knnCurve, knnImportance, knnTable, knnCell, knnFinal, mlp, mlpFinal, kmeans, pca, kmeansPca, compare],
  report: ({ store, manifest }) => renderRunReport(store, manifest.runId),
  headline: runHeadline,
  predictors: moviePredictors,
});

export default movieStudy;
