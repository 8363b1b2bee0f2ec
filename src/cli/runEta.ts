import type { StageProgress } from '../engine/runProgress.js';

/**
 * Seconds until the run's trials are done, from the trials' measured durations: each stage's
 * remaining trials at that stage's mean (or the run's mean where the stage has computed none
 * yet), shared by the live workers. Undefined until some trial was computed.
 */
export function etaSeconds(stages: readonly StageProgress[], workers: number): number | undefined {
  const all = stages.flatMap((s) => s.computedMs);
  if (all.length === 0) return undefined;
  const runMean = mean(all);
  let remainingMs = 0;
  for (const s of stages) {
    const left = s.state === 'waiting' ? s.total : s.queued + s.running;
    remainingMs += left * (s.computedMs.length > 0 ? mean(s.computedMs) : runMean);
  }
  return remainingMs / 1000 / Math.max(1, workers);
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** 75s -> "1m15s", 4000s -> "1h06m". */
export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
