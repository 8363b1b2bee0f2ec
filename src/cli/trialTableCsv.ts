import type { TrialRow } from '../engine/trialTable.js';

/** The fixed columns before the parameters and metrics, and after them. */
const LEADING = ['jobId', 'stage', 'kind', 'state'] as const;
const TRAILING = ['started', 'finished', 'ms', 'cached', 'worker', 'attempts', 'error'] as const;

/**
 * The trials table as CSV (RFC 4180 quoting): one column per parameter ('param.k') and per
 * metric ('metric.cvRmse.uniform') any trial has; empty where a trial has none. Lists are JSON.
 */
export function trialTableCsv(rows: readonly TrialRow[]): string {
  const params = unionOfKeys(rows.map((r) => r.params));
  const metrics = unionOfKeys(rows.map((r) => r.metrics));
  const header = [...LEADING, ...params.map((p) => `param.${p}`), ...metrics.map((m) => `metric.${m}`), ...TRAILING];
  const lines = rows.map((row) =>
    [
      ...LEADING.map((column) => row[column]),
      ...params.map((p) => row.params[p]),
      ...metrics.map((m) => row.metrics[m]),
      ...TRAILING.map((column) => row[column]),
    ].map(csvCell),
  );
  return [header.map(csvCell), ...lines].map((cells) => cells.join(',')).join('\n') + '\n';
}

function unionOfKeys(objects: readonly object[]): string[] {
  return [...new Set(objects.flatMap((o) => Object.keys(o)))];
}

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
