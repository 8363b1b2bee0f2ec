import { decodeInt32, float64FromBytes } from '../../../src/data/float64Codec.js';
import { assertSafeId, runKeys } from '../../../src/engine/runLayout.js';
import type { RunManifest, StageOutput } from '../../../src/engine/runManifest.js';
import { readManifest, readStageOutputs } from '../../../src/engine/runStore.js';
import { readTrialTable } from '../../../src/engine/trialTable.js';
import { readTrialResult } from '../../../src/engine/trialResultStore.js';
import { featureImportanceRows } from '../../../src/models/importanceRows.js';
import type { ObjectStore } from '../../../src/store/objectStore.js';
import type { z } from 'zod';
import type { StudyConfig } from '../recipeConfig.js';
import type { RecipeResults } from '../recipeResultsSchema.js';
import type {
  KMeansPcaResult,
  KMeansTrialResult,
  KnnCurveResult,
  KnnFinalResult,
  KnnImportanceResult,
  MlpTrialResult,
  PcaResult,
} from '../trialResults.js';
import { renderPartialReport } from './partialReport.js';
import { renderReport } from './renderReport.js';
import type { ReportInput, ReportStudyFacts } from './reportInput.js';

/** What a study running the recipe tells the report: how to read its results.json and config, and its own facts. */
export interface RecipeReport<Results extends RecipeResults, Config extends StudyConfig> {
  readonly resultsSchema: z.ZodType<Results>;
  readonly configSchema: z.ZodType<Config>;
  facts(results: Results, config: Config): ReportStudyFacts;
  /** The target's column, for a partial report (no results.json yet). */
  targetColumn(config: Config): string;
}

/**
 * A run's report input, from its manifest and results.json (`stored`, both read by the caller),
 * the stage outputs, and the trial results (through the stages' pointers into cache/) that hold
 * the per-movie projections, labels and the figures results.json leaves out.
 */
async function reportInput<Results extends RecipeResults, Config extends StudyConfig>(store: ObjectStore, manifest: RunManifest, stored: unknown, study: RecipeReport<Results, Config>): Promise<ReportInput> {
  const { runId } = manifest;
  const parsed = study.resultsSchema.safeParse(stored);
  if (!parsed.success) throw new Error(`run '${runId}': results.json does not match its schema (${parsed.error.issues[0]?.message})`);
  const config = study.configSchema.parse(manifest.config);
  const outputs = await readStageOutputs(store, manifest);
  const stages = manifest.dag.stages.flatMap((s) => outputs.get(s.name) ?? []);

  const resultOf = async <R>(stage: string, key: string) => {
    const result = (await readTrialResult(store, key)) as R | null;
    if (result === null) throw new Error(`run '${runId}': result ${key} of stage '${stage}' is missing from the store`);
    return result;
  };
  const trial = async <R>(stage: string, matches: (params: StageOutput['trials'][number]['params']) => boolean = () => true) => {
    const pointer = outputs.get(stage)?.trials.find((t) => matches(t.params));
    if (pointer === undefined) throw new Error(`run '${runId}' has no result of stage '${stage}' for the report`);
    return resultOf<R>(stage, pointer.key);
  };
  const [pca, base, tuned, onPca, knnFinal, knnCurve, mlpBaseline, knnExplain] = await Promise.all([
    trial<PcaResult>('pca'),
    trial<KMeansTrialResult>('kmeans', (p) => p.role === 'base'),
    trial<KMeansTrialResult>('kmeans', (p) => p.role === 'tuned'),
    trial<KMeansPcaResult>('kmeans-pca'),
    trial<KnnFinalResult>('knn-final'),
    trial<KnnCurveResult>('knn-curve'),
    trial<MlpTrialResult>('mlp', (p) => p.role === 'baseline'),
    Promise.all((outputs.get('knn-explain')?.trials ?? []).map((t) => resultOf<KnnImportanceResult>('knn-explain', t.key))),
  ]);
  const explainedFeatures = knnCurve.explain.correlations.map((c) => c.feature);
  return {
    // The stage outputs just read stand in for the settled trials' records.
    trials: await readTrialTable(store, manifest, undefined, outputs),
    results: parsed.data,
    facts: study.facts(parsed.data, config),
    manifest: settledManifest(manifest, stages),
    config,
    stages,
    projections: {
      pcaScores3: float64FromBytes(pca.scores3),
      target: float64FromBytes(pca.target),
      tunedLabels: decodeInt32(tuned.labels),
      baseLabels: decodeInt32(base.labels),
      pcaKmeansLabels: decodeInt32(onPca.labels),
    },
    knnCorrelations: knnFinal.correlations,
    baseProfiles: base.profiles,
    // A failed knn-explain trial leaves that figure out rather than the whole report.
    knnExplain:
      knnExplain.length === explainedFeatures.length
        ? { ...knnCurve.explain, importance: featureImportanceRows(explainedFeatures, knnExplain) }
        : undefined,
    mlpBaselineImportance: mlpBaseline.importance,
  };
}

/**
 * The compare stage writes results.json last of all and the report right after, before the
 * engine marks the run settled: by then every other stage has settled, so the run's outcome
 * is already known from their failures.
 */
function settledManifest(manifest: RunManifest, stages: readonly StageOutput[]): RunManifest {
  if (manifest.status !== 'running') return manifest;
  const failed = stages.some((stage) => stage.failed.length > 0);
  return { ...manifest, status: failed ? 'failed' : 'completed', finished: new Date().toISOString() };
}

/** The run's report page, from what the store holds: partial (what completed, what did not) without results.json. */
export async function renderRunReport<Results extends RecipeResults, Config extends StudyConfig>(store: ObjectStore, runId: string, study: RecipeReport<Results, Config>): Promise<string> {
  assertSafeId(runId, 'run id');
  const [manifest, stored] = await Promise.all([readManifest(store, runId), store.getJson<unknown>(runKeys.results(runId))]);
  if (stored === null) {
    const config = study.configSchema.parse(manifest.config);
    return renderPartialReport(store, manifest, await readStageOutputs(store, manifest), study.targetColumn(config));
  }
  return renderReport(await reportInput(store, manifest, stored, study));
}

/** Renders the run's report and stores it as runs/<runId>/report.html; returns the page. */
export async function writeRunReport<Results extends RecipeResults, Config extends StudyConfig>(store: ObjectStore, runId: string, study: RecipeReport<Results, Config>): Promise<string> {
  const html = await renderRunReport(store, runId, study);
  await store.put(runKeys.report(runId), html, 'text/html; charset=utf-8');
  return html;
}
