/** A trial's summary numbers by name; non-finite values are kept out (JSON has no NaN). */
export type TrialMetrics = Readonly<Record<string, number>>;

/** The metric (a base name) that ranks a kind's trials, and whether lower or higher is better. */
export interface Objective {
  readonly metric: string;
  readonly goal: 'min' | 'max';
}

/** Drops the names whose value is not a finite number, so every table and plot can trust them. */
export function finiteMetrics(metrics: Readonly<Record<string, number>>): TrialMetrics {
  return Object.fromEntries(Object.entries(metrics).filter(([, value]) => Number.isFinite(value)));
}

/** 'cvRmse.uniform' → { base: 'cvRmse', variant: 'uniform' }; a plain name has no variant. */
export function splitMetricName(name: string): { readonly base: string; readonly variant?: string } {
  const dot = name.indexOf('.');
  return dot < 0 ? { base: name } : { base: name.slice(0, dot), variant: name.slice(dot + 1) };
}
