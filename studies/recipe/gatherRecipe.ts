import { decodeDesign } from '../../src/data/designCodec.js';
import { selectRows, selectValues } from '../../src/data/numericTable.js';
import { trainTestSplit } from '../../src/data/splits.js';
import { runKeys } from '../../src/engine/runLayout.js';
import type { StageOutput } from '../../src/engine/runManifest.js';
import type { TrialContext } from '../../src/engine/trialContext.js';
import { featureImportanceRows } from '../../src/models/importanceRows.js';
import { rmse } from '../../src/models/metrics.js';
import { fitOls, predictOls, type OlsResult } from '../../src/models/ols.js';
import type { StudyConfig } from './recipeConfig.js';
import type { RecipeResults } from './recipeResultsSchema.js';
import type {
  KMeansPcaResult,
  KMeansTrialResult,
  KnnCurveResult,
  KnnFinalResult,
  KnnImportanceResult,
  MlpFinalResult,
  MlpTrialResult,
  PcaResult,
  PreparedTable,
} from './trialResults.js';

/** Which stages each results.json timing spans. */
const TIMED_GROUPS = {
  preprocess: ['preprocess'],
  ols: ['ols'],
  knn: ['knn-curve', 'knn-explain', 'knn-table', 'knn-cell', 'knn-final', 'knn-importance'],
  mlp: ['mlp', 'mlp-final'],
  kmeans: ['kmeans', 'kmeans-pca'],
  pca: ['pca'],
} as const;

/** The stages a study's compare kind reads. */
export const RECIPE_COMPARE_READS = ['preprocess', 'ols', 'knn-curve', 'knn-explain', 'knn-final', 'knn-importance', 'mlp', 'mlp-final', 'kmeans', 'pca', 'kmeans-pca'];

/** What every recipe stage yielded, gathered: the study adds its dataset counts and OLS designs. */
export interface GatheredRecipe {
  readonly prepared: PreparedTable;
  /** OLS fits by design name. */
  olsFit(design: string): OlsResult;
  /** results.json's knn, kmeans, pca, mlp, comparison and timings. */
  readonly results: Omit<RecipeResults, 'timings'>;
  /** Writes the run's models (scaler, knn, mlp, ols with the given fits, pca, kmeans) for predict. */
  saveModels(olsDesigns: readonly string[]): Promise<void>;
  timings(): Promise<RecipeResults['timings']>;
}

/**
 * Gathers every recipe stage and evaluates the predictive models on the study's one split:
 * the body of each study's compare kind.
 */
export async function gatherRecipe(context: TrialContext<{ split: StudyConfig['split'] }>): Promise<GatheredRecipe> {
  const started = Date.now();
  const manifest = await context.manifest();
  const { split } = context.params;
  const only = async <R>(stage: string) => (await context.upstream<R>(stage))[0].result;
  const all = async <R>(stage: string) => (await context.upstream<R>(stage)).map((t) => t.result);

  const prepared = await only<PreparedTable>('preprocess');
  const olsFits = await context.upstream<OlsResult>('ols');
  const olsFit = (design: string) => {
    const fit = olsFits.find((t) => t.params.design === design);
    if (fit === undefined) throw new Error(`OLS ${design} has no result`);
    return fit.result;
  };
  const knnCurve = await only<KnnCurveResult>('knn-curve');
  const knn = await only<KnnFinalResult>('knn-final');
  const knnImportance = await all<KnnImportanceResult>('knn-importance');
  const mlpTrials = await all<MlpTrialResult>('mlp');
  const mlp = await only<MlpFinalResult>('mlp-final');
  const kmeans = await all<KMeansTrialResult>('kmeans');
  const pca = await only<PcaResult>('pca');
  const onPca = await only<KMeansPcaResult>('kmeans-pca');

  const baseline = mlpTrials.find((t) => t.role === 'baseline');
  const base = kmeans.find((t) => t.role === 'base');
  const tuned = kmeans.find((t) => t.role === 'tuned');
  if (baseline === undefined || base === undefined || tuned === undefined) {
    throw new Error('the baseline MLP, base KMeans or tuned KMeans trial has no result');
  }

  const olsNumeric = olsOnSplit(prepared, split.testSize, split.randomState);
  const models = [
    { model: 'knn', validRmse: knn.final.validRmse },
    { model: 'mlp', validRmse: mlp.final.validRmse },
    { model: 'ols_numeric', validRmse: olsNumeric.validRmse },
  ];
  const best = models.reduce((a, b) => (b.validRmse < a.validRmse ? b : a)).model;

  const results: GatheredRecipe['results'] = {
    knn: {
      validationCurve: knnCurve.validationCurve,
      simpleBest: knnCurve.simpleBest,
      grid: knn.grid,
      best: knn.best,
      final: knn.final,
      tunedCurve: knn.tunedCurve,
      importance: featureImportanceRows(knn.correlations.map((c) => c.feature), knnImportance),
    },
    kmeans: {
      base: { k: base.k, inertia: base.inertia, sizes: base.sizes },
      scan: kmeans.filter((t) => t.role === 'scan').map((t) => ({ k: t.k, inertia: t.inertia, silhouette: t.silhouette })),
      tuned: { k: tuned.k, inertia: tuned.inertia, sizes: tuned.sizes, profiles: tuned.profiles },
      onPca: {
        k: onPca.k,
        components: onPca.components,
        silhouette: onPca.silhouette,
        adjustedRand: onPca.adjustedRand,
        changeRate: onPca.changeRate,
      },
    },
    pca: {
      explainedVarianceRatio: pca.model.explainedVarianceRatio,
      loadings: Object.fromEntries(pca.model.columns.map((c, j) => [c, pca.model.components.map((row) => row[j])])),
    },
    mlp: {
      baseline: {
        hidden: baseline.hidden,
        alpha: baseline.alpha,
        trainRmse: baseline.trainRmse,
        validRmse: baseline.validRmse,
        epochs: baseline.epochs,
        lossCurve: baseline.lossCurve,
      },
      grid: mlpTrials
        .filter((t) => t.role === 'grid')
        .map(({ hidden, alpha, trainRmse, validRmse, epochs }) => ({ hidden, alpha, trainRmse, validRmse, epochs })),
      best: mlp.best,
      final: mlp.final,
      importance: mlp.importance,
    },
    comparison: { split, models, best },
  };

  const saveModels = async (olsDesigns: readonly string[]) => {
    await context.store.putJson(runKeys.model(context.runId, 'scaler'), { type: 'scaler', ...knn.model.scaler });
    await context.store.putJson(runKeys.model(context.runId, 'knn'), knn.model);
    await context.store.putJson(runKeys.model(context.runId, 'mlp'), mlp.model);
    await context.store.putJson(runKeys.model(context.runId, 'ols'), {
      type: 'ols',
      numericOnSplit: olsNumeric.fit,
      ...Object.fromEntries(olsDesigns.map((design) => [design, olsFit(design)])),
    });
    await context.store.putJson(runKeys.model(context.runId, 'pca'), { type: 'pca', scaler: pca.scaler, ...pca.model });
    await context.store.putJson(runKeys.model(context.runId, 'kmeans'), {
      type: 'kmeans',
      scaler: tuned.scaler,
      k: tuned.k,
      centers: tuned.centers,
    });
  };
  return { prepared, olsFit, results, saveModels, timings: () => stageTimings(context, manifest.created, started) };
}

/** OLS on the numeric predictors, fitted on the comparison split's training rows. */
function olsOnSplit(prepared: PreparedTable, testSize: number, randomState: number): { fit: OlsResult; validRmse: number } {
  const design = decodeDesign(prepared.numeric);
  const { train, test } = trainTestSplit(design.X.rows, testSize, randomState);
  const fit = fitOls(selectRows(design.X, train), selectValues(design.y, train));
  return { fit, validRmse: rmse(selectValues(design.y, test), predictOls(fit, selectRows(design.X, test))) };
}

/**
 * Seconds per stage group, from submission of its first stage to the gather of its last; the
 * total runs from the run's creation to the last gather, then this trial's own duration. Stage
 * times and the creation are on Redis's clock; this host's clock measures only its own duration.
 */
async function stageTimings(context: TrialContext<unknown>, created: string, started: number): Promise<RecipeResults['timings']> {
  const spans: Record<string, number> = {};
  let lastEnd = Date.parse(created);
  for (const [group, stages] of Object.entries(TIMED_GROUPS)) {
    const outputs = await Promise.all(stages.map((s) => context.store.getJson<StageOutput>(runKeys.stage(context.runId, s))));
    const ends = outputs.filter((o): o is StageOutput => o !== null).map((o) => Date.parse(o.finished));
    const starts = outputs.filter((o): o is StageOutput => o !== null).map((o) => Date.parse(o.finished) - o.ms);
    spans[group] = ends.length === 0 ? 0 : (Math.max(...ends) - Math.min(...starts)) / 1000;
    lastEnd = Math.max(lastEnd, ...ends);
  }
  const own = (Date.now() - started) / 1000;
  return {
    preprocess: spans.preprocess,
    ols: spans.ols,
    knn: spans.knn,
    mlp: spans.mlp,
    kmeans: spans.kmeans,
    pca: spans.pca,
    compare: own,
    total: (lastEnd - Date.parse(created)) / 1000 + own,
  };
}
