import cliProgress from 'cli-progress';
import type { EngineContext } from '../engine/engineContext.js';
import type { RunManifest } from '../engine/runManifest.js';
import { runProgress, type RunProgress, type StageProgress } from '../engine/runProgress.js';
import { readStageOutputs } from '../engine/runStore.js';

const POLL_MS = 500;

/**
 * Shows a progress bar per stage (a line per settled stage when not on a terminal) until
 * the run settles; returns its manifest, or null if `stopped()` turned true first.
 */
export async function watchRun(engine: EngineContext, runId: string, stopped: () => boolean): Promise<RunManifest | null> {
  const view = process.stdout.isTTY ? new BarsView() : new LinesView();
  let unreachable: string | null = null;
  try {
    for (;;) {
      if (stopped()) return null;
      let progress: RunProgress;
      try {
        progress = await runProgress(engine, runId);
      } catch (error) {
        // A store or Redis outage is waited out: the workers retry, and so does this watch.
        const message = (error as Error).message.split('\n')[0];
        if (message !== unreachable) console.error(`waiting: ${message}`);
        unreachable = message;
        await sleep(POLL_MS * 4);
        continue;
      }
      unreachable = null;
      view.show(progress.stages);
      if (progress.manifest.status !== 'running') {
        view.close();
        await reportFailures(engine, progress.manifest);
        return progress.manifest;
      }
      const stuck = progress.stages.filter((s) => s.state === 'stuck');
      if (stuck.length > 0) {
        view.close();
        for (const s of stuck) console.error(`stage ${s.stage} cannot settle: ${s.reason ?? 'its gather job failed'}`);
        console.error(`run ${runId} stopped; after fixing the cause: sweepflow rerun ${runId}`);
        return { ...progress.manifest, status: 'failed' };
      }
      await sleep(POLL_MS);
    }
  } finally {
    view.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function reportFailures(engine: EngineContext, manifest: RunManifest): Promise<void> {
  const outputs = await readStageOutputs(engine.store, manifest);
  const failed = [...outputs.values()].flatMap((o) => o.failed);
  if (failed.length === 0) return;
  console.error(`run ${manifest.runId} failed: ${failed.length} trial(s) did not complete`);
  for (const trial of failed) console.error(`  ${trial.jobId || JSON.stringify(trial.params)}: ${trial.reason}`);
  console.error(`after fixing the cause: sweepflow rerun ${manifest.runId}`);
}

interface ProgressView {
  show(stages: readonly StageProgress[]): void;
  close(): void;
}

class BarsView implements ProgressView {
  private readonly bars = new cliProgress.MultiBar(
    { format: ' {stage} [{bar}] {value}/{total} {state}', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  private readonly byStage = new Map<string, cliProgress.SingleBar>();
  private closed = false;

  show(stages: readonly StageProgress[]): void {
    const width = Math.max(...stages.map((s) => s.stage.length));
    for (const s of stages) {
      const payload = { stage: s.stage.padEnd(width), state: s.failed > 0 ? `${s.state}, ${s.failed} failed` : s.state };
      let bar = this.byStage.get(s.stage);
      if (bar === undefined) this.byStage.set(s.stage, (bar = this.bars.create(s.total, s.done, payload)));
      bar.update(s.done + s.failed, payload);
    }
  }

  close(): void {
    if (!this.closed) this.bars.stop();
    this.closed = true;
  }
}

class LinesView implements ProgressView {
  private readonly printed = new Set<string>();

  show(stages: readonly StageProgress[]): void {
    for (const s of stages) {
      if ((s.state === 'done' || s.state === 'failed') && !this.printed.has(s.stage)) {
        this.printed.add(s.stage);
        console.log(`${s.stage}: ${s.done}/${s.total} trials${s.failed > 0 ? `, ${s.failed} failed` : ''}`);
      }
    }
  }

  close(): void {}
}
