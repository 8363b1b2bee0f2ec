import type { DagDef, StageDef, TrialParams } from '../engine/dag.js';
import { bestTrial, paramValueText } from '../engine/bestTrial.js';
import type { TrialRow } from '../engine/trialTable.js';
import { splitMetricName, type Objective } from '../engine/trialMetrics.js';
import { titledLayout, type FigureSpec } from './figureSpec.js';

/** One scored point of a stage's sweep: its coordinates (varying params, and the metric's variant) and value. */
interface SweepPoint {
  readonly coords: ReadonlyMap<string, string>;
  readonly value: number;
}

/** Every sweep figure says its height: one drawn into a page whose layout is still settling cannot collapse. */
const FIGURE_HEIGHT = 380;

/** The pseudo-parameter a metric's variant ('cvRmse.distance') stands for in the plots. */
const VARIANT = 'variant';

/**
 * The sweep plots of a run, from its trials table alone (any study): for every stage whose
 * kind has an objective, the objective over the grid (a heatmap when the grid has two or more
 * dimensions, a curve when one), and the best value so far against the trials' completion time.
 */
export function sweepFigures(rows: readonly TrialRow[], dag: DagDef, created: string): FigureSpec[] {
  return dag.stages.flatMap((stage) => {
    if (stage.objective === undefined || stage.trials.length < 2) return [];
    const points = sweepPoints(rows, stage, stage.objective);
    const grid = gridFigure(stage, stage.objective, points);
    const history = bestSoFarFigure(rows, stage, stage.objective, created);
    return [grid, history].filter((f): f is FigureSpec => f !== undefined);
  });
}

function sweepPoints(rows: readonly TrialRow[], stage: StageDef, objective: Objective): SweepPoint[] {
  const varying = varyingParams(stage.trials);
  return rows
    .filter((row) => row.stage === stage.name)
    .flatMap((row) =>
      Object.entries(row.metrics).flatMap(([metric, value]) => {
        const { base, variant } = splitMetricName(metric);
        if (base !== objective.metric) return [];
        const coords = new Map(varying.map((name) => [name, paramValueText(row.params[name])]));
        if (variant !== undefined) coords.set(VARIANT, variant);
        return [{ coords, value }];
      }),
    );
}

/** The parameters whose values differ between a stage's trials: the grid's dimensions. */
function varyingParams(trials: readonly TrialParams[]): string[] {
  const names = [...new Set(trials.flatMap((t) => Object.keys(t)))];
  return names.filter((name) => new Set(trials.map((t) => paramValueText(t[name]))).size > 1);
}

function gridFigure(stage: StageDef, objective: Objective, points: readonly SweepPoint[]): FigureSpec | undefined {
  if (points.length === 0) return undefined;
  const dimensions = [...points[0].coords.keys()];
  if (dimensions.length === 0) return undefined;
  const distinct = (name: string) => sortedValues(points.map((p) => p.coords.get(name)!));
  // The dimension with the most values runs along x; the others, combined, down y.
  const x = [...dimensions].sort((a, b) => distinct(b).length - distinct(a).length)[0];
  const rest = dimensions.filter((d) => d !== x);
  const xs = distinct(x);
  const title = `${stage.name}: ${objective.metric} (${objective.goal === 'min' ? 'lower' : 'higher'} is better)`;
  const name = `sweep-${stage.name}-grid`;
  if (rest.length === 0) {
    const byX = new Map(points.map((p) => [p.coords.get(x)!, p.value]));
    const trace = { type: 'scatter', mode: 'lines+markers', x: xs, y: xs.map((v) => byX.get(v) ?? null), name: objective.metric };
    return { name, section: 'sweep', traces: [trace], layout: titledLayout(title, x, objective.metric, { xaxis: { type: 'category' }, height: FIGURE_HEIGHT }) };
  }
  const rowLabel = (p: SweepPoint) => rest.map((d) => `${d}=${p.coords.get(d)}`).join(' · ');
  const ys = sortedValues(points.map(rowLabel));
  const z = ys.map(() => xs.map((): number | null => null));
  for (const p of points) z[ys.indexOf(rowLabel(p))][xs.indexOf(p.coords.get(x)!)] = p.value;
  const trace = {
    type: 'heatmap',
    x: xs,
    y: ys,
    z,
    // The best values show bright (Viridis' yellow) whichever way the objective points.
    colorscale: 'Viridis',
    reversescale: objective.goal === 'min',
    colorbar: { title: { text: objective.metric } },
    hovertemplate: `${x}=%{x}<br>%{y}<br>${objective.metric}=%{z}<extra></extra>`,
  };
  const layout = titledLayout(title, x, rest.join(' · '), { xaxis: { type: 'category' }, yaxis: { type: 'category', automargin: true } });
  return { name, section: 'sweep', traces: [trace], layout: { ...layout, height: Math.max(320, 120 + 28 * ys.length) } };
}

function bestSoFarFigure(rows: readonly TrialRow[], stage: StageDef, objective: Objective, created: string): FigureSpec | undefined {
  const start = Date.parse(created);
  const finished = rows
    .filter((row) => row.stage === stage.name && row.finished !== undefined)
    .map((row) => ({ row, at: (Date.parse(row.finished!) - start) / 1000 }))
    .sort((a, b) => a.at - b.at);
  const each: { at: number; value: number; text: string }[] = [];
  const best: number[] = [];
  for (const { row, at } of finished) {
    const own = bestTrial([row], stage.name, objective);
    if (own === undefined) continue;
    const previous = best.at(-1) ?? own.value;
    best.push(objective.goal === 'min' ? Math.min(previous, own.value) : Math.max(previous, own.value));
    each.push({ at, value: own.value, text: row.jobId });
  }
  const xs = each.map((e) => e.at);
  if (xs.length < 2) return undefined;
  const traces = [
    { type: 'scatter', mode: 'markers', x: xs, y: each.map((e) => e.value), text: each.map((e) => e.text), name: 'trial', marker: { size: 6, opacity: 0.5 } },
    { type: 'scatter', mode: 'lines', line: { shape: 'hv' }, x: xs, y: best, name: 'best so far' },
  ];
  const layout = titledLayout(`${stage.name}: best ${objective.metric} so far`, 'seconds since the run was created', objective.metric, { height: FIGURE_HEIGHT });
  return { name: `sweep-${stage.name}-best`, section: 'sweep', traces, layout };
}

/** Values in their natural order: numerically when all are numbers, else as text. */
function sortedValues(values: readonly string[]): string[] {
  const unique = [...new Set(values)];
  const numeric = unique.every((v) => v !== '' && Number.isFinite(Number(v)));
  return unique.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => a.localeCompare(b));
}
