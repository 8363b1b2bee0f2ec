import { escapeHtml } from '../report/escapeHtml.js';
import { bestText } from '../engine/bestTrial.js';
import { ENGINE_DEFAULTS } from '../engine/engineDefaults.js';
import type { RunListEntry } from './runList.js';


/** The dashboard's front page: every run with its progress and links to its files. */
export function runListPage(runs: readonly RunListEntry[], options: { readonly readOnly: boolean }): string {
  const rows = runs.map((run) => {
    const base = `runs/${encodeURIComponent(run.runId)}`;
    const links = [
      run.hasReport ? `<a href="${escapeHtml(base)}/report.html">report.html</a>` : '',
      run.hasResults ? `<a href="${escapeHtml(base)}/results.json">results.json</a>` : '',
    ].filter((link) => link !== '');
    const notDone = [
      run.failedTrials > 0 ? `${run.failedTrials} failed` : '',
      (run.upstreamFailedTrials ?? 0) > 0 ? `${run.upstreamFailedTrials} upstream-failed` : '',
      (run.cancelledTrials ?? 0) > 0 ? `${run.cancelledTrials} cancelled` : '',
    ].filter((part) => part !== '');
    const failed = notDone.length > 0 ? ` (${notDone.join(', ')})` : '';
    const cancel =
      !options.readOnly && (run.status === 'running' || run.status === 'stalled')
        ? ` <form class="cancel" method="post" action="${escapeHtml(base)}/cancel"><button type="submit">Cancel</button></form>`
        : '';
    return `<tr data-run="${escapeHtml(run.runId)}" data-status="${escapeHtml(run.status)}">
<td><a href="${escapeHtml(base)}">${escapeHtml(run.runId)}</a></td>
<td>${escapeHtml(run.study ?? '')}</td>
<td class="status ${escapeHtml(run.status)}">${escapeHtml(run.status)}${run.problem ? `: ${escapeHtml(run.problem)}` : ''}${cancel}</td>
<td class="num">${run.doneTrials}/${run.totalTrials}${failed}</td>
<td>${escapeHtml(run.created)}</td>
<td>${escapeHtml(run.finished ?? '')}</td>
<td class="duration">${run.durationS === undefined ? '' : `${run.durationS.toFixed(1)} s`}</td>
<td class="best">${run.bestTrial !== undefined ? escapeHtml(bestText(run.bestTrial)) : escapeHtml(run.best ?? '—')}</td>
<td>${links.join(' · ') || '—'}</td>
</tr>`;
  });
  const table =
    runs.length === 0
      ? '<p class="no-runs">No runs in the store yet.</p>'
      : `<table class="runs"><thead><tr><th>run</th><th>study</th><th>status</th><th>trials done/total</th><th>created</th><th>finished</th><th>duration</th><th>best</th><th>files</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
${runs.some((run) => run.status === 'running') ? `<meta http-equiv="refresh" content="${ENGINE_DEFAULTS.runListRefreshSeconds}">` : ''}
<title>sweepflow runs</title>
<style>
body { font-family: system-ui, sans-serif; margin: 24px; color: #222; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ddd; padding: 4px 10px; text-align: left; }
td.num, td.duration { text-align: right; }
.status.completed { color: #2a7d2a; } .status.failed, .status.unreadable { color: #b00020; } .status.running { color: #1d3557; }
.status.cancelled, .status.interrupted { color: #7a5c00; } .status.stalled { color: #b35900; } form.cancel { display: inline; margin-left: 8px; }
</style>
</head>
<body>
<h1>sweepflow runs</h1>
<p><a href="queues">Queues</a>${options.readOnly ? ' (read-only)' : ''}</p>
${table}
</body>
</html>
`;
}
