import { bestText, headlineMetrics, runBest } from './bestTrial.js';
import type { RunManifest } from './runManifest.js';
import type { TrialRow } from './trialTable.js';

/** Two runs side by side: what differs in how they were made, and their headline numbers. */
export interface RunComparison {
  readonly runs: readonly [RunSummary, RunSummary];
  /** Config paths ('grid.k') whose values differ; a value absent from one run is undefined there. */
  readonly config: readonly { readonly path: string; readonly a?: unknown; readonly b?: unknown }[];
  /** Every headline metric either run has, with b − a where both have it. */
  readonly metrics: readonly { readonly name: string; readonly a?: number; readonly b?: number; readonly delta?: number }[];
}

export interface RunSummary {
  readonly runId: string;
  readonly study: string;
  readonly profile: string;
  readonly status: string;
  readonly dataset: string;
  readonly created: string;
  readonly finished?: string;
  readonly best?: string;
}

export function compareRuns(a: { manifest: RunManifest; rows: readonly TrialRow[] }, b: { manifest: RunManifest; rows: readonly TrialRow[] }): RunComparison {
  const configA = flatten(a.manifest.config);
  const configB = flatten(b.manifest.config);
  const config = [...new Set([...configA.keys(), ...configB.keys()])]
    .filter((path) => JSON.stringify(configA.get(path)) !== JSON.stringify(configB.get(path)))
    .map((path) => ({ path, a: configA.get(path), b: configB.get(path) }));
  const metricsA = headlineMetrics(a.rows, a.manifest.dag);
  const metricsB = headlineMetrics(b.rows, b.manifest.dag);
  const metrics = [...new Set([...metricsA.keys(), ...metricsB.keys()])].map((name) => {
    const [valueA, valueB] = [metricsA.get(name), metricsB.get(name)];
    return { name, a: valueA, b: valueB, delta: valueA !== undefined && valueB !== undefined ? valueB - valueA : undefined };
  });
  return { runs: [summary(a.manifest, a.rows), summary(b.manifest, b.rows)], config, metrics };
}

function summary(manifest: RunManifest, rows: readonly TrialRow[]): RunSummary {
  const best = runBest(rows, manifest.dag);
  return {
    runId: manifest.runId,
    study: manifest.study,
    profile: manifest.profile,
    status: manifest.status,
    dataset: manifest.dataset.sha256,
    created: manifest.created,
    finished: manifest.finished,
    best: best === undefined ? undefined : bestText(best),
  };
}

/** Leaves of a JSON config by dotted path; lists are leaves (a grid is one value). */
function flatten(value: unknown, path = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, path === '' ? key : `${path}.${key}`, into);
  } else {
    into.set(path, value);
  }
  return into;
}
