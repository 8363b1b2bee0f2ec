import type { RunManifest, StageOutput } from '../../../src/engine/runManifest.js';
import type { OlsFit } from '../../../src/models/olsResultSchema.js';
import type { TrialRow } from '../../../src/engine/trialTable.js';
import type { ImportanceRow } from '../../../src/models/importanceRows.js';
import type { KnnCurveResult } from '../trialResults.js';
import type { StudyConfig } from '../recipeConfig.js';
import type { RecipeResults as StudyResults } from '../recipeResultsSchema.js';

/** The per-row arrays the projections and box plots draw, all in the numeric design's row order. */
export interface ReportProjections {
  /** Scores on PC1..PC3 (fewer when PCA has fewer components), row-major. */
  readonly pcaScores3: Float64Array;
  readonly target: Float64Array;
  readonly tunedLabels: Int32Array;
  readonly baseLabels: Int32Array;
  /** KMeans refitted on the first principal components. */
  readonly pcaKmeansLabels: Int32Array;
}

export type ClusterProfiles = StudyResults['kmeans']['tuned']['profiles'];

/** What a study says of its own run in the report: its OLS fits, its dataset counts, and how it names things. */
export interface ReportStudyFacts {
  /** The target as titles say it ('Vote Average'). */
  readonly targetLabel: string;
  /** The target's column. */
  readonly targetColumn: string;
  /** What a row is, as a trace's name ('movies'). */
  readonly rowNoun: string;
  /** The OLS fits to summarise, in page order. */
  readonly olsFits: readonly { readonly design: string; readonly fit: OlsFit }[];
  /** The run summary's dataset rows: label and count. */
  readonly datasetRows: readonly (readonly [string, number | string])[];
}

/** Everything the report shows: the run's contract files plus what results.json leaves out. */
export interface ReportInput {
  readonly results: StudyResults;
  readonly facts: ReportStudyFacts;
  readonly manifest: RunManifest;
  /** The config the run recorded: split sizes, seeds and grids in titles come from it. */
  readonly config: StudyConfig;
  /** The stage outputs present in the store (a report written before the run settles lacks some). */
  readonly stages: readonly StageOutput[];
  /** The run's trials table, for the sweep plots. */
  readonly trials: readonly TrialRow[];
  readonly projections: ReportProjections;
  /** Correlation of each scaled predictor with the tuned KNN's training predictions. */
  readonly knnCorrelations?: readonly { readonly feature: string; readonly correlation: number }[];
  /** Unscaled means per cluster of the base (k = 3) KMeans. */
  readonly baseProfiles?: ClusterProfiles;
  /** The untuned KNN the notebook explains before its grid search. */
  readonly knnExplain?: KnnCurveResult['explain'] & { readonly importance: ImportanceRow[] };
  /** Permutation importance of the baseline MLP. */
  readonly mlpBaselineImportance?: StudyResults['mlp']['importance'];
}
