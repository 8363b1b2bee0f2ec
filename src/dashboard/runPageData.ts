import { runBest, type BestTrial } from '../engine/bestTrial.js';
import type { EngineContext } from '../engine/engineContext.js';
import { stageJobId } from '../engine/jobIds.js';
import { liveTrialTable } from '../engine/liveTrialTable.js';
import { stageGeneration } from '../engine/runManifest.js';
import { runKeys } from '../engine/runLayout.js';
import { runProgress, type StageProgress } from '../engine/runProgress.js';
import type { TrialRow } from '../engine/trialTable.js';
import type { FigureSpec } from '../report/figureSpec.js';
import { sweepFigures } from '../report/sweepFigures.js';
import { trialTimelineFigure } from '../report/trialTimelineFigure.js';

/** What the run page polls (GET /api/runs/<id>): the run, its stages, its trials and its sweep plots. */
export interface RunPageData {
  readonly run: {
    readonly runId: string;
    readonly study: string;
    readonly profile: string;
    readonly status: string;
    readonly created: string;
    readonly finished?: string;
    /** Wall time so far (to `finished`, or to now while it runs). */
    readonly seconds: number;
  };
  /** Each stage with its kind and the id of its gather job now (bull-board's link). */
  readonly stages: readonly (StageProgress & { readonly kind: string; readonly gatherJobId: string })[];
  readonly trials: readonly TrialRow[];
  readonly figures: readonly FigureSpec[];
  readonly best?: BestTrial;
  readonly files: { readonly report: boolean; readonly results: boolean };
}

export async function runPageData(engine: EngineContext, runId: string): Promise<RunPageData> {
  const [{ manifest, stages }, { rows }, report, results] = await Promise.all([
    runProgress(engine, runId),
    liveTrialTable(engine, runId),
    engine.store.exists(runKeys.report(runId)),
    engine.store.exists(runKeys.results(runId)),
  ]);
  const now = Date.now();
  const end = manifest.finished === undefined ? now : Date.parse(manifest.finished);
  const timeline = trialTimelineFigure(rows, manifest.created, now);
  return {
    run: {
      runId,
      study: manifest.study,
      profile: manifest.profile,
      status: manifest.status,
      created: manifest.created,
      finished: manifest.finished,
      seconds: (end - Date.parse(manifest.created)) / 1000,
    },
    stages: stages.map((s, i) => ({ ...s, kind: manifest.dag.stages[i].kind, gatherJobId: stageJobId(runId, s.stage, stageGeneration(manifest, s.stage)) })),
    trials: rows,
    figures: [...(timeline === undefined ? [] : [timeline]), ...sweepFigures(rows, manifest.dag, manifest.created)],
    best: runBest(rows, manifest.dag),
    files: { report, results },
  };
}
