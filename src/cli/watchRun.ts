import cliProgress from 'cli-progress';
import type { EngineContext } from '../engine/engineContext.js';
import { ENGINE_DEFAULTS } from '../engine/engineDefaults.js';
import { runKeys } from '../engine/runLayout.js';
import { ProgressCache, runProgress, type RunProgress, type StageProgress } from '../engine/runProgress.js';
import { etaSeconds, formatSeconds } from './runEta.js';

/** Why a watch ended (the run settled, a stage cannot settle, `stopped()` turned true), with the run's last progress. */
export type WatchResult =
  | { readonly ended: 'settled' | 'stuck'; readonly progress: RunProgress; readonly storeReads: number }
  | { readonly ended: 'stopped'; readonly progress?: RunProgress; readonly storeReads: number };

/**
 * Shows the run's progress until it settles: per stage queued/running/done with cached vs
 * computed, elapsed time, an ETA and the live workers; on a terminal as bars, otherwise (CI
 * logs) one line per stage transition. Reads Redis every ENGINE_DEFAULTS.watchIntervalMs, and
 * the store only when a stage settles or the run's status changes, and once every
 * ENGINE_DEFAULTS.watchStoreProbeMs so that a store outage shows.
 */
export async function watchRun(engine: EngineContext, runId: string, stopped: () => boolean): Promise<WatchResult> {
  const view = process.stdout.isTTY ? new BarsView() : new LinesView();
  const cache = new ProgressCache();
  const started = Date.now();
  let unreachable: string | null = null;
  let last: RunProgress | undefined;
  let probedAt = Date.now();
  try {
    for (;;) {
      if (stopped()) return { progress: last, ended: 'stopped', storeReads: cache.reads };
      let progress: RunProgress;
      try {
        if (Date.now() - probedAt > ENGINE_DEFAULTS.watchStoreProbeMs) {
          cache.reads += 1;
          await engine.store.exists(runKeys.manifest(runId));
          probedAt = Date.now();
        }
        progress = await runProgress(engine, runId, cache);
      } catch (error) {
        // A store or Redis outage is waited out: the workers retry, and so does this watch.
        const message = (error as Error).message.split('\n')[0];
        if (message !== unreachable) console.error(`waiting: ${message}`);
        unreachable = message;
        await sleep(ENGINE_DEFAULTS.watchIntervalMs * 4);
        continue;
      }
      unreachable = null;
      last = progress;
      view.show(progress, (Date.now() - started) / 1000);
      if (progress.manifest.status !== 'running') return { progress, ended: 'settled', storeReads: cache.reads };
      const stuck = progress.stages.filter((s) => s.state === 'stuck');
      if (stuck.length > 0) {
        view.close();
        for (const s of stuck) console.error(`stage ${s.stage} cannot settle: ${s.reason ?? 'its gather job failed'}`);
        return { progress, ended: 'stuck', storeReads: cache.reads };
      }
      await sleep(ENGINE_DEFAULTS.watchIntervalMs);
    }
  } finally {
    view.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** "3/10 done (2 computed, 1 cached), 2 running, 5 queued, 1 failed". */
export function describeStage(s: StageProgress): string {
  const settled = s.computed + s.cached;
  const parts = [`${settled}/${s.total} done${settled > 0 ? ` (${s.computed} computed, ${s.cached} cached)` : ''}`];
  if (s.running > 0) parts.push(`${s.running} running`);
  if (s.queued > 0) parts.push(`${s.queued} queued`);
  if (s.failed > 0) parts.push(`${s.failed} failed`);
  if (s.upstreamFailed > 0) parts.push(`${s.upstreamFailed} upstream-failed`);
  if (s.cancelled > 0) parts.push(`${s.cancelled} cancelled`);
  return parts.join(', ');
}

function headline(progress: RunProgress, elapsed: number): string {
  const eta = etaSeconds(progress.stages, progress.workers.length);
  const workers = progress.workers.length === 0 ? 'no live worker' : `${progress.workers.length} worker(s): ${progress.workers.join(', ')}`;
  return `elapsed ${formatSeconds(elapsed)} · ETA ${eta === undefined ? '—' : `~${formatSeconds(eta)}`} · ${workers}`;
}

interface ProgressView {
  show(progress: RunProgress, elapsed: number): void;
  close(): void;
}

class BarsView implements ProgressView {
  private readonly bars = new cliProgress.MultiBar(
    { format: ' {stage} [{bar}] {state}: {detail}', barsize: 20, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  private readonly byStage = new Map<string, cliProgress.SingleBar>();
  private summary: cliProgress.SingleBar | undefined;
  private closed = false;

  show(progress: RunProgress, elapsed: number): void {
    this.summary ??= this.bars.create(1, 0, { text: '' }, { format: ' {text}' });
    this.summary.update(0, { text: headline(progress, elapsed) });
    const width = Math.max(...progress.stages.map((s) => s.stage.length));
    for (const s of progress.stages) {
      const payload = { stage: s.stage.padEnd(width), state: s.state.padEnd(8), detail: describeStage(s) };
      let bar = this.byStage.get(s.stage);
      if (bar === undefined) this.byStage.set(s.stage, (bar = this.bars.create(s.total, 0, payload)));
      bar.update(s.computed + s.cached + s.failed + s.upstreamFailed + s.cancelled, payload);
    }
  }

  close(): void {
    if (!this.closed) this.bars.stop();
    this.closed = true;
  }
}

/** Not a terminal: a line each time a stage changes state, stamped with the elapsed time. */
class LinesView implements ProgressView {
  private readonly states = new Map<string, string>();
  private workers = -1;

  show(progress: RunProgress, elapsed: number): void {
    if (progress.workers.length !== this.workers) {
      this.workers = progress.workers.length;
      console.log(`[${formatSeconds(elapsed)}] ${headline(progress, elapsed)}`);
    }
    for (const s of progress.stages) {
      if (this.states.get(s.stage) === s.state) continue;
      const first = !this.states.has(s.stage);
      this.states.set(s.stage, s.state);
      if (first && s.state === 'waiting') continue;
      const eta = etaSeconds(progress.stages, progress.workers.length);
      const etaText = eta === undefined || s.state === 'waiting' ? '' : ` · ETA ~${formatSeconds(eta)}`;
      console.log(`[${formatSeconds(elapsed)}] ${s.stage}: ${s.state} · ${describeStage(s)}${etaText}`);
    }
  }

  close(): void {}
}
