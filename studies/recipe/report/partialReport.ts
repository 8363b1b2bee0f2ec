import type { RunManifest, StageOutput } from '../../../src/engine/runManifest.js';
import { runKeys } from '../../../src/engine/runLayout.js';
import { readTrialResult } from '../../../src/engine/trialResultStore.js';
import { tallyTrials } from '../../../src/engine/trialTally.js';
import { olsFitSchema } from '../../../src/models/olsResultSchema.js';
import { escapeHtml } from '../../../src/report/escapeHtml.js';
import { pageHead } from '../../../src/report/pageHead.js';
import { htmlTable, type Cell } from '../../../src/report/htmlTable.js';
import { olsSummaryHtml } from '../../../src/report/olsSummaryHtml.js';
import type { ObjectStore } from '../../../src/store/objectStore.js';
import { reportStyle } from './renderReport.js';
import { failedTrialsHtml, runIdentityRows } from './runDetailsHtml.js';

/**
 * The report of a run that has no results.json (it failed, was cancelled or interrupted before
 * `compare`): what completed (each stage's trials, the OLS summaries when their stage has its
 * results), a "Not completed" section naming every stage that did not, and the trials that did
 * not complete with why. The notebook's figures and the model comparison need results.json.
 */
export async function renderPartialReport(store: ObjectStore, manifest: RunManifest, outputs: ReadonlyMap<string, StageOutput>, targetColumn: string): Promise<string> {
  const stages = [...outputs.values()];
  const notCompleted = manifest.dag.stages.filter((def) => {
    const output = outputs.get(def.name);
    return output === undefined || output.failed.length > 0;
  });
  const sections: [id: string, title: string, body: string][] = [
    ['run', 'Run', runTableHtml(manifest, outputs)],
    ['stages', 'Stages', stagesHtml(manifest, outputs)],
    ['ols', 'Linear regression (OLS)', await olsHtml(store, outputs.get('ols'), targetColumn)],
    ['not-completed', 'Not completed', notCompletedHtml(manifest, notCompleted.map((def) => def.name), outputs)],
    ['failed', 'Trials that did not complete', failedTrialsHtml(stages)],
  ];
  const nav = sections.map(([id, title]) => `<a href="#${id}">${escapeHtml(title)}</a>`).join(' · ');
  const body = sections.map(([id, title, html]) => `<section id="${id}"><h2>${escapeHtml(title)}</h2>\n${html}\n</section>`).join('\n');
  return `${pageHead(`sweepflow report (partial): ${manifest.runId}`, STYLE)}
<body data-partial="true">
<header><h1>sweepflow report: run ${escapeHtml(manifest.runId)} (partial)</h1>
<p>${escapeHtml(manifest.study)} · ${escapeHtml(manifest.status)} · ${manifest.dag.stages.length - notCompleted.length} of ${manifest.dag.stages.length} stages completed</p>
<nav>${nav}</nav></header>
<main>
${body}
</main>
</body>
</html>
`;
}

function runTableHtml(manifest: RunManifest, outputs: ReadonlyMap<string, StageOutput>): string {
  const tally = tallyTrials(manifest.dag.stages.reduce((n, s) => n + s.trials.length, 0), outputs.values());
  const rows: Cell[][] = [
    ...runIdentityRows(manifest),
    ['dataset sha256', manifest.dataset.sha256],
    ['trials', `${tally.total} total: ${tally.computed} computed, ${tally.cached} cached, ${tally.failed} failed, ${tally.upstreamFailed} upstream-failed, ${tally.cancelled} cancelled`],
  ];
  return `${htmlTable(['', ''], rows, { className: 'summary' })}
<h3>Config</h3>
<pre class="config">${escapeHtml(JSON.stringify(manifest.config, null, 2))}</pre>`;
}

function stagesHtml(manifest: RunManifest, outputs: ReadonlyMap<string, StageOutput>): string {
  return htmlTable(
    ['stage', 'state', 'trials', 'computed', 'cached', 'failed', 'upstream-failed', 'cancelled', 'finished'],
    manifest.dag.stages.map((def): Cell[] => {
      const output = outputs.get(def.name);
      if (output === undefined) return [def.name, 'not settled', def.trials.length, '—', '—', '—', '—', '—', '—'];
      const tally = tallyTrials(def.trials.length, [output]);
      const state = tally.failed > 0 ? 'failed' : tally.upstreamFailed > 0 ? 'upstream-failed' : tally.cancelled > 0 ? 'cancelled' : 'completed';
      return [def.name, state, def.trials.length, tally.computed, tally.cached, tally.failed, tally.upstreamFailed, tally.cancelled, output.finished];
    }),
    { className: 'stages' },
  );
}

async function olsHtml(store: ObjectStore, output: StageOutput | undefined, targetColumn: string): Promise<string> {
  const fits = await Promise.all(
    (output?.trials ?? []).map(async (trial) => ({ design: String(trial.params.design), fit: olsFitSchema.safeParse(await readTrialResult(store, trial.key)) })),
  );
  const shown = fits.filter((f) => f.fit.success).map((f) => olsSummaryHtml(f.design, f.fit.data!, targetColumn));
  return shown.length === 0 ? '<p class="not-completed">not completed</p>' : shown.join('\n');
}

function notCompletedHtml(manifest: RunManifest, names: readonly string[], outputs: ReadonlyMap<string, StageOutput>): string {
  const rows = names.map((name): Cell[] => {
    const output = outputs.get(name);
    return [name, output === undefined ? 'not settled' : `${output.failed.length} of ${output.trials.length + output.failed.length} trials without a result`];
  });
  return `${htmlTable(['stage', 'why'], rows, { className: 'not-completed' })}
<p>The model comparison, the notebook's figures and its KNN, K-Means, PCA and MLP tables are built from
results.json, which the <code>compare</code> stage writes once every stage before it completed.
After fixing the cause, <code>sweepflow rerun ${escapeHtml(manifest.runId)}</code> completes them.</p>`;
}

const STYLE = reportStyle('#6b4f00', '#ffe8a3');
