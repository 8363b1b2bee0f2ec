import type { RunManifest, StageOutput } from '../../../src/engine/runManifest.js';
import { unsettledTrials } from '../../../src/engine/trialTally.js';
import { escapeHtml } from '../../../src/report/escapeHtml.js';
import { htmlTable, type Cell } from '../../../src/report/htmlTable.js';
import type { ReportInput } from './reportInput.js';

/** Who the run is: the first rows of every report's run table, full or partial. */
export function runIdentityRows(manifest: RunManifest): Cell[][] {
  return [
    ['run id', manifest.runId],
    ['study', manifest.study],
    ['status', manifest.status],
    ['created', manifest.created],
    ['finished', manifest.finished ?? '—'],
    ['profile', manifest.profile],
    ['dataset file', manifest.dataset.file],
  ];
}

/** The run's identity, its dataset and the config it ran with. */
export function runSummaryHtml({ manifest, facts }: ReportInput): string {
  const rows: Cell[][] = [
    ...runIdentityRows(manifest),
    ...facts.datasetRows.map(([label, value]): Cell[] => [label, value]),
  ];
  return `${htmlTable(['', ''], rows, { className: 'summary' })}
<h3>Config</h3>
<pre class="config">${escapeHtml(JSON.stringify(manifest.config, null, 2))}</pre>`;
}

/** Seconds per stage group (results.json) and per stage (the stage outputs). */
export function timingsHtml({ manifest, results, stages }: ReportInput): string {
  const groups = htmlTable(
    ['stage group', 'seconds'],
    Object.entries(results.timings).map(([group, seconds]) => [group, seconds]),
    { caption: 'Per stage group: submission of its first stage to the gather of its last' },
  );
  const byName = new Map(stages.map((s) => [s.stage, s]));
  const perStage = htmlTable(
    ['stage', 'trials', 'cached', 'failed', 'wall seconds', 'trial compute seconds', 'finished'],
    manifest.dag.stages.map((def): Cell[] => {
      const output = byName.get(def.name);
      if (output === undefined) return [def.name, def.trials.length, '—', '—', '—', '—', 'not settled'];
      return [
        def.name,
        def.trials.length,
        output.trials.filter((t) => t.cached).length,
        output.failed.length,
        output.ms / 1000,
        output.trials.reduce((sum, t) => sum + t.ms, 0) / 1000,
        output.finished,
      ];
    }),
    { caption: 'Per stage: wall time from submission to gather, and the summed time of its computed trials' },
  );
  return `${groups}\n${perStage}`;
}

/** Every trial without a result (failed on its own, upstream-failed, cancelled) with why, or "none". */
export function failedTrialsHtml(stages: readonly StageOutput[]): string {
  const failed = unsettledTrials(stages);
  if (failed.length === 0) return '<p class="failed-none">none</p>';
  return htmlTable(
    ['trial', 'state', 'reason'],
    failed.map((f) => [f.name, f.state, f.reason]),
    { className: 'failed' },
  );
}
