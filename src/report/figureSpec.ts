/**
 * A plotly figure as plain JSON for the report page. Big per-movie arrays are stored once in
 * the page's column table and referenced from traces as `{ $column: name }`, so the seven
 * projections of the same 9,017 movies do not each carry a copy.
 */
export interface FigureSpec {
  /** The `data-figure` name of the figure's element, unique in the page. */
  readonly name: string;
  /** The page section the figure belongs to. */
  readonly section: ReportSection;
  readonly traces: readonly Record<string, unknown>[];
  readonly layout: Record<string, unknown>;
}

export type ReportSection = 'knn' | 'kmeans' | 'pca' | 'mlp' | 'comparison' | 'sweep';

export interface ColumnRef {
  readonly $column: string;
}

export function columnRef(name: string): ColumnRef {
  return { $column: name };
}

/** Room under the plot for tick labels turned 45°, as the notebook's bar charts turn them. */
export const ANGLED_TICKS = { xaxis: { tickangle: 45, automargin: true }, margin: { t: 60, r: 30, b: 130, l: 70 } } as const;

/** x ticks at every integer, for k and component numbers. */
export const INTEGER_TICKS = { xaxis: { dtick: 1 } } as const;

/** A layout with a title and axis titles (plotly ≥ 3 wants `{ text }` objects). */
export function titledLayout(title: string, xTitle: string, yTitle: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { xaxis, yaxis, ...rest } = extra as { xaxis?: object; yaxis?: object };
  return {
    title: { text: title },
    xaxis: { title: { text: xTitle }, ...xaxis },
    yaxis: { title: { text: yTitle }, ...yaxis },
    margin: { t: 60, r: 30, b: 70, l: 70 },
    paper_bgcolor: 'white',
    plot_bgcolor: 'white',
    ...rest,
  };
}

/** A line with markers, as the notebook's px.line(..., markers=True). */
export function linesAndMarkers(x: readonly number[], y: readonly number[], name: string): Record<string, unknown> {
  return { type: 'scatter', mode: 'lines+markers', x, y, name };
}

/** Horizontal bars of an importance table, largest first (the notebook reverses the y axis). */
export function importanceBars(rows: readonly { feature: string; mean: number; std: number }[]): Record<string, unknown> {
  const sorted = [...rows].sort((a, b) => b.mean - a.mean);
  return {
    type: 'bar',
    orientation: 'h',
    x: sorted.map((r) => r.mean),
    y: sorted.map((r) => r.feature),
    error_x: { type: 'data', array: sorted.map((r) => r.std), visible: true },
    name: 'importance',
  };
}

/** Marker colouring by cluster id, on the notebook's continuous Viridis scale. */
export function clusterMarker(labels: string, clusters: number, size: number): Record<string, unknown> {
  return {
    color: columnRef(labels),
    colorscale: 'Viridis',
    cmin: 0,
    cmax: Math.max(clusters - 1, 1),
    size,
    opacity: 0.6,
    showscale: true,
    colorbar: { title: { text: 'Cluster' }, dtick: 1 },
  };
}

export function targetMarker(size: number, targetLabel: string): Record<string, unknown> {
  return {
    color: columnRef('target'),
    colorscale: 'Viridis',
    size,
    opacity: 0.6,
    showscale: true,
    colorbar: { title: { text: targetLabel } },
  };
}
