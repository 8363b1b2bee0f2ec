import { stageOf, type StageDef } from '../../src/engine/dag.js';
import { defineStudy } from '../../src/engine/study.js';
import { SweepflowError } from '../../src/sweepflowError.js';
import { studyConfigSchema, type StudyConfig } from '../recipe/recipeConfig.js';
import { PROFILES, recipeStages, studyGridProblem, studyRowsProblem } from '../recipe/recipeStages.js';
import { NUMERIC_FEATURES } from './data/movieFeatures.js';
import { preprocessMovies } from './data/preprocessMovies.js';
import { readMovieTable } from './data/readMovieTable.js';
import { compare } from './kinds/compare.js';
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
import { preprocess } from './kinds/preprocess.js';
import { moviePredictors } from './predictors.js';
import { runHeadline } from '../recipe/report/runHeadline.js';
import { renderRunReport } from '../recipe/report/writeReport.js';
import { MOVIE_REPORT } from './report/movieReport.js';

/** What the DAG needs to know of a movie table. */
export interface MovieTableInfo {
  readonly file: string;
  /** Rows of the numeric design (df_num). */
  readonly numericRows: number;
}

/** The recipe's stages on the movie table's prepared designs. */
export function movieStages(config: StudyConfig): StageDef[] {
  return recipeStages(config, {
    preprocess: stageOf(preprocess, {}),
    compare,
    features: NUMERIC_FEATURES,
    olsDesigns: ['full', 'numeric', 'reduced'],
    pcaComponents: config.kmeans.pcaComponents,
  });
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
    return movieStages(config);
  },
  kinds: [preprocess, ols, knnCurve, knnImportance, knnTable, knnCell, knnFinal, mlp, mlpFinal, kmeans, pca, kmeansPca, compare],
  report: ({ store, manifest }) => renderRunReport(store, manifest.runId, MOVIE_REPORT),
  headline: runHeadline,
  predictors: moviePredictors,
});

export default movieStudy;
