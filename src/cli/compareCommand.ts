import { compareRuns, type RunComparison } from '../engine/runComparison.js';
import { liveTrialTable } from '../engine/liveTrialTable.js';
import { assertSafeId } from '../store/objectStore.js';
import { cliEngine } from './cliEnvironment.js';

export interface CompareOptions {
  readonly json?: boolean;
}

/** `sweepflow compare <runA> <runB> [--json]`: config differences and headline metrics side by side. */
export async function compareCommand(runA: string, runB: string, options: CompareOptions): Promise<number> {
  assertSafeId(runA, 'run id');
  assertSafeId(runB, 'run id');
  const engine = cliEngine();
  try {
    const comparison = compareRuns(await liveTrialTable(engine, runA), await liveTrialTable(engine, runB));
    console.log(options.json ? JSON.stringify(comparison, null, 2) : comparisonText(comparison));
    return 0;
  } finally {
    await engine.close();
  }
}

function comparisonText({ runs: [a, b], config, metrics }: RunComparison): string {
  const rows: string[][] = [
    ['', a.runId, b.runId, ''],
    ['study', a.study, b.study, ''],
    ['profile', a.profile, b.profile, ''],
    ['status', a.status, b.status, ''],
    ['dataset', a.dataset.slice(0, 12), b.dataset.slice(0, 12), ''],
    ['best', a.best ?? '—', b.best ?? '—', ''],
  ];
  const lines = [...table(rows)];
  lines.push('', config.length === 0 ? 'config: the same' : 'config differences:');
  lines.push(...table(config.map((c) => [c.path, shown(c.a), shown(c.b), ''])));
  lines.push('', 'metrics:');
  lines.push(...table([['', 'a', 'b', 'b − a'], ...metrics.map((m) => [m.name, number(m.a), number(m.b), number(m.delta)])]));
  return lines.join('\n');
}

function table(rows: readonly string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i].length))) ?? [];
  return rows.map((r) => `  ${r.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`.trimEnd());
}

const shown = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));
const number = (value: number | undefined) => (value === undefined ? '—' : String(Number(value.toPrecision(6))));
