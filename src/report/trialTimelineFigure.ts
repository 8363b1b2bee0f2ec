import type { TrialRow } from '../engine/trialTable.js';
import { titledLayout, type FigureSpec } from './figureSpec.js';

/**
 * Trials per worker over time: one lane per worker process, one bar per trial from its start to
 * its finish (a running trial up to `now`), coloured by stage. Undefined while no trial has started.
 */
export function trialTimelineFigure(rows: readonly TrialRow[], created: string, now: number = Date.now()): FigureSpec | undefined {
  const start = Date.parse(created);
  const timed = rows.filter((row) => row.started !== undefined && row.worker !== undefined);
  if (timed.length === 0) return undefined;
  const stages = [...new Set(timed.map((row) => row.stage))];
  const traces = stages.map((stage) => {
    const own = timed.filter((row) => row.stage === stage);
    const from = own.map((row) => (Date.parse(row.started!) - start) / 1000);
    const to = own.map((row) => ((row.finished === undefined ? now : Date.parse(row.finished)) - start) / 1000);
    return {
      type: 'bar',
      orientation: 'h',
      name: stage,
      y: own.map((row) => row.worker),
      base: from,
      x: to.map((end, i) => Math.max(end - from[i], 0.01)),
      text: own.map((row) => `${row.jobId} (${row.state})`),
      hovertemplate: '%{text}<br>%{base:.1f} s + %{x:.2f} s<extra></extra>',
      textposition: 'none',
    };
  });
  const workers = new Set(timed.map((row) => row.worker)).size;
  const layout = titledLayout('Trials per worker', 'seconds since the run was created', 'worker', {
    barmode: 'overlay',
    yaxis: { type: 'category', automargin: true },
    height: Math.max(260, 140 + 40 * workers),
  });
  return { name: 'trial-timeline', section: 'sweep', traces, layout };
}
