import { describe, expect, it } from 'vitest';
import type { DagDef } from '../../src/engine/dag.js';
import type { TrialRow } from '../../src/engine/trialTable.js';
import { sweepFigures } from '../../src/report/sweepFigures.js';
import { trialTimelineFigure } from '../../src/report/trialTimelineFigure.js';

const created = '2026-01-01T00:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(created) + seconds * 1000).toISOString();

/** A 3 × 2 grid (size × shape), each trial scoring two variants ('loss.a', 'loss.b'); one trial failed. */
const dag: DagDef = {
  study: 'any',
  stages: [
    {
      name: 'fit',
      kind: 'fit',
      trials: [1, 2, 3].flatMap((size) => ['round', 'square'].map((shape) => ({ size, shape }))),
      settings: { seed: 1 },
      needs: [],
      objective: { metric: 'loss', goal: 'min' },
    },
    { name: 'summary', kind: 'summary', trials: [{}], settings: {}, needs: ['fit'] },
  ],
};
const loss = (size: number, shape: string, variant: string) => size * 10 + (shape === 'round' ? 1 : 2) + (variant === 'a' ? 0.5 : 0.25);
const rows: TrialRow[] = dag.stages[0].trials.map((params, i): TrialRow => {
  const { size, shape } = params as { size: number; shape: string };
  const failed = size === 3 && shape === 'square';
  return {
    jobId: `r.fit.${i}`,
    stage: 'fit',
    kind: 'fit',
    params,
    state: failed ? 'failed' : 'completed',
    metrics: failed ? ({} as Record<string, number>) : { 'loss.a': loss(size, shape, 'a'), 'loss.b': loss(size, shape, 'b'), other: 1 },
    started: at(i),
    finished: at(i + 1),
    worker: `host.${i % 2}`,
  };
});

describe('sweepFigures: plots from a trials table, for any study', () => {
  const figures = sweepFigures(rows, dag, created);

  it('makes a grid and a best-so-far figure for each stage with an objective and several trials', () => {
    expect(figures.map((f) => f.name)).toEqual(['sweep-fit-grid', 'sweep-fit-best']);
  });

  it("lays the objective out as a heatmap: the dimension with most values along x, the others (and the metric's variant) down y", () => {
    const [heatmap] = figures[0].traces as { type: string; x: string[]; y: string[]; z: (number | null)[][]; reversescale: boolean }[];
    expect(heatmap.type).toBe('heatmap');
    expect(heatmap.x).toEqual(['1', '2', '3']);
    expect(heatmap.y).toEqual(['shape=round · variant=a', 'shape=round · variant=b', 'shape=square · variant=a', 'shape=square · variant=b']);
    expect(heatmap.z[0]).toEqual([11.5, 21.5, 31.5]);
    expect(heatmap.z[3]).toEqual([12.25, 22.25, null]);
    expect(heatmap.reversescale).toBe(true);
  });

  it('draws the best value so far against completion time, each trial at its best variant', () => {
    const [each, best] = figures[1].traces as { x: number[]; y: number[] }[];
    expect(each.x).toEqual([1, 2, 3, 4, 5]);
    expect(each.y).toEqual([11.25, 12.25, 21.25, 22.25, 31.25]);
    expect(best.y).toEqual([11.25, 11.25, 11.25, 11.25, 11.25]);
  });

  it('draws trials per worker from start to finish, one trace per stage', () => {
    const timeline = trialTimelineFigure(rows, created)!;
    const [bars] = timeline.traces as { y: string[]; base: number[]; x: number[] }[];
    expect(bars.y).toEqual(['host.0', 'host.1', 'host.0', 'host.1', 'host.0', 'host.1']);
    expect(bars.base).toEqual([0, 1, 2, 3, 4, 5]);
    expect(bars.x).toEqual([1, 1, 1, 1, 1, 1]);
    expect(trialTimelineFigure([], created)).toBeUndefined();
  });
});
