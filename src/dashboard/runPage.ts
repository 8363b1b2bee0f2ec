import { escapeHtml } from '../report/escapeHtml.js';
import { pageHead } from '../report/pageHead.js';
import { ENGINE_DEFAULTS } from '../engine/engineDefaults.js';
import { GATHER_QUEUE, TRIAL_QUEUE } from '../engine/engineConfig.js';

/**
 * The run page (/runs/<id>): a shell that polls /api/runs/<id> and draws the run's status, its
 * stages' progress, failures, the timeline and sweep plots and the trials table (sortable,
 * filterable) without reloading. The rerun button is left out with --read-only.
 */
export function runPage(runId: string, options: { readonly readOnly: boolean }): string {
  const config = { runId, readOnly: options.readOnly, pollMs: ENGINE_DEFAULTS.runPagePollMs, trialQueue: TRIAL_QUEUE, stageQueue: GATHER_QUEUE };
  return `${pageHead(`sweepflow run ${runId}`, STYLE)}
<body>
<header>
<p><a href="../">all runs</a> · <a href="../queues/queue/${TRIAL_QUEUE}">trial queue</a> · <a href="../queues/queue/${GATHER_QUEUE}">stage queue</a></p>
<h1>run ${escapeHtml(runId)}</h1>
<p id="summary">loading…</p>
<p id="files"></p>
${options.readOnly ? '' : '<p><button id="rerun" type="button" hidden>rerun failed trials</button> <span id="rerun-message"></span></p>'}
</header>
<main>
<section><h2>Stages</h2>
<table class="stages"><thead><tr><th>stage</th><th>kind</th><th>progress</th><th>done/total</th><th>failed</th><th>state</th></tr></thead><tbody id="stages"></tbody></table>
</section>
<section id="failures-section" hidden><h2>Failures</h2><ul id="failures"></ul></section>
<section><h2>Sweep</h2><div id="figures"></div></section>
<section><h2>Trials</h2>
<p class="controls">
<label>stage <select id="stage-filter"><option value="">all</option></select></label>
<label>state <select id="state-filter"><option value="">all</option></select></label>
<label>filter <input id="text-filter" type="search" placeholder="text in any column"></label>
<span id="trial-count"></span>
</p>
<div class="scroll"><table class="trials"><thead id="trials-head"></thead><tbody id="trials"></tbody></table></div>
</section>
</main>
<script src="../assets/plotly.js"></script>
<script type="application/json" id="run-config">${JSON.stringify(config).replace(/</g, '\\u003c')}</script>
<script>${CLIENT}</script>
</body>
</html>
`;
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
header { background: #1d3557; color: white; padding: 10px 24px; }
header h1 { margin: 4px 0; font-size: 22px; }
header p { margin: 4px 0; }
header a { color: #a8dadc; }
#run-status { background: white; padding: 0 6px; border-radius: 3px; }
main { padding: 0 24px 40px; }
h2 { border-bottom: 2px solid #1d3557; padding-bottom: 4px; font-size: 18px; }
table { border-collapse: collapse; font-size: 13px; background: white; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.trials th { cursor: pointer; user-select: none; background: #f0f0f0; }
.trials th[data-dir="asc"]::after { content: " ▲"; } .trials th[data-dir="desc"]::after { content: " ▼"; }
.scroll { overflow-x: auto; max-height: 640px; overflow-y: auto; }
.bar { width: 160px; height: 10px; background: #e5e5e5; position: relative; }
.bar span { position: absolute; left: 0; top: 0; bottom: 0; background: #2a9d8f; }
.bar span.failed { background: #b00020; }
.state-completed, .state-done, .state-cached { color: #2a7d2a; }
.state-failed, .state-upstream-failed, .state-stuck { color: #b00020; } .state-cancelled { color: #7a5c00; }
.state-running { color: #1d3557; font-weight: 600; }
.state-pending, .state-waiting { color: #888; }
td.error { color: #b00020; white-space: normal; max-width: 520px; }
.figure { background: white; border: 1px solid #ddd; margin: 10px 0; }
.controls label { margin-right: 14px; }
#failures li { margin: 2px 0; } #failures code { color: #b00020; }
button { font-size: 14px; padding: 4px 12px; }
`;

/** The page's script: plain ES2020 in the browser, no build step. */
const CLIENT = `(function () {
  var config = JSON.parse(document.getElementById('run-config').textContent);
  var api = '../api/runs/' + encodeURIComponent(config.runId);
  var data = null;
  var sort = { key: 'stage-order', dir: 'asc' };
  var timer = null;
  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }
  function num(value) {
    if (value === undefined || value === null) return '';
    return Math.abs(value) >= 1e5 || (value !== 0 && Math.abs(value) < 1e-3) ? value.toExponential(4) : String(Number(value.toPrecision(6)));
  }
  function paramText(params) {
    return Object.keys(params).map(function (k) { var v = params[k]; return k + '=' + (Array.isArray(v) ? v.join('x') : typeof v === 'object' && v !== null ? JSON.stringify(v) : v); }).join(' ');
  }
  function metricText(metrics) {
    return Object.keys(metrics).map(function (k) { return k + '=' + num(metrics[k]); }).join(' ');
  }
  function fill(select, values) {
    var chosen = select.value;
    var have = Array.prototype.map.call(select.options, function (o) { return o.value; });
    values.forEach(function (v) { if (have.indexOf(v) < 0) { var o = document.createElement('option'); o.value = v; o.textContent = v; select.appendChild(o); } });
    select.value = chosen;
  }
  function render() {
    var run = data.run;
    var best = data.best ? ' · best: ' + data.best.stage + ' ' + (data.best.variant || paramText(data.best.params)) + ' ' + data.best.metric + ' = ' + num(data.best.value) : '';
    var summary = document.getElementById('summary');
    summary.innerHTML = 'study <strong>' + esc(run.study) + '</strong> (' + esc(run.profile) + ') · <span id="run-status" class="state-' + esc(run.status) + '">' + esc(run.status) + '</span> · created ' + esc(run.created) + ' · ' + num(run.seconds) + ' s' + esc(best);
    document.body.setAttribute('data-status', run.status);
    var files = [];
    if (data.files.report) files.push('<a href="' + esc(encodeURIComponent(run.runId)) + '/report.html">report.html</a>');
    if (data.files.results) files.push('<a href="' + esc(encodeURIComponent(run.runId)) + '/results.json">results.json</a>');
    document.getElementById('files').innerHTML = files.join(' · ');
    var rerun = document.getElementById('rerun');
    if (rerun) rerun.hidden = run.status === 'running' || run.status === 'completed';
    document.getElementById('stages').innerHTML = data.stages.map(function (s) {
      var settled = s.computed + s.cached;
      var done = s.total === 0 ? 0 : 100 * settled / s.total;
      var failed = s.total === 0 ? 0 : 100 * (s.failed + s.upstreamFailed + s.cancelled) / s.total;
      var job = '../queues/queue/' + config.stageQueue + '/' + encodeURIComponent(s.gatherJobId);
      return '<tr data-stage="' + esc(s.stage) + '"><td><a href="' + esc(job) + '">' + esc(s.stage) + '</a></td><td>' + esc(s.kind) + '</td>' +
        '<td><div class="bar"><span style="width:' + done + '%"></span><span class="failed" style="left:' + done + '%;width:' + failed + '%"></span></div></td>' +
        '<td class="num">' + settled + '/' + s.total + '</td><td class="num">' + s.failed + '</td><td class="state-' + esc(s.state) + '">' + esc(s.state) + (s.reason ? ': ' + esc(s.reason) : '') + '</td></tr>';
    }).join('');
    var failures = data.trials.filter(function (t) { return t.state === 'failed' || t.state === 'upstream-failed' || t.state === 'cancelled'; });
    document.getElementById('failures-section').hidden = failures.length === 0;
    document.getElementById('failures').innerHTML = failures.map(function (t) {
      return '<li data-job="' + esc(t.jobId) + '"><strong>' + esc(t.stage) + '</strong> ' + esc(paramText(t.params)) + ': <code>' + esc(t.error || t.state) + '</code></li>';
    }).join('');
    drawFigures();
    fill(document.getElementById('stage-filter'), data.stages.map(function (s) { return s.stage; }));
    fill(document.getElementById('state-filter'), ['pending', 'running', 'completed', 'cached', 'failed', 'upstream-failed', 'cancelled']);
    renderTrials();
  }
  function drawFigures() {
    var holder = document.getElementById('figures');
    data.figures.forEach(function (figure, index) {
      var element = holder.querySelector('[data-figure="' + figure.name + '"]');
      if (!element) {
        element = document.createElement('div');
        element.className = 'figure';
        element.setAttribute('data-figure', figure.name);
      }
      // In the data's order: a figure that appears later (a best-so-far) takes its place.
      if (holder.children[index] !== element) holder.insertBefore(element, holder.children[index] || null);
      Plotly.react(element, figure.traces, figure.layout, { responsive: true, displaylogo: false });
    });
  }
  function columns(rows) {
    var stage = document.getElementById('stage-filter').value;
    var cols = [{ key: 'stage', label: 'stage' }, { key: 'params', label: 'params' }];
    if (stage) {
      var params = [], metrics = [];
      rows.forEach(function (r) {
        Object.keys(r.params).forEach(function (k) { if (params.indexOf(k) < 0) params.push(k); });
        Object.keys(r.metrics).forEach(function (k) { if (metrics.indexOf(k) < 0) metrics.push(k); });
      });
      cols = [{ key: 'stage', label: 'stage' }].concat(
        params.map(function (k) { return { key: 'param:' + k, label: k }; }),
        [{ key: 'state', label: 'state' }],
        metrics.map(function (k) { return { key: 'metric:' + k, label: k }; }));
    } else {
      cols.push({ key: 'state', label: 'state' }, { key: 'metrics', label: 'metrics' });
    }
    return cols.concat([{ key: 'ms', label: 'ms' }, { key: 'cached', label: 'cached' }, { key: 'worker', label: 'worker' }, { key: 'started', label: 'started' }, { key: 'finished', label: 'finished' }, { key: 'attempts', label: 'attempts' }, { key: 'error', label: 'error' }, { key: 'job', label: 'job' }]);
  }
  function cell(row, key) {
    if (key === 'params') return paramText(row.params);
    if (key === 'metrics') return metricText(row.metrics);
    if (key.indexOf('param:') === 0) { var p = row.params[key.slice(6)]; return Array.isArray(p) ? p.join('x') : p; }
    if (key.indexOf('metric:') === 0) return row.metrics[key.slice(7)];
    return row[key];
  }
  function missing(value) { return value === undefined || value === null || value === ''; }
  function compare(a, b) {
    var missingA = missing(a), missingB = missing(b);
    if (missingA || missingB) return missingA === missingB ? 0 : missingA ? 1 : -1;
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a).localeCompare(String(b), undefined, { numeric: true });
  }
  function renderTrials() {
    var stage = document.getElementById('stage-filter').value;
    var state = document.getElementById('state-filter').value;
    var text = document.getElementById('text-filter').value.toLowerCase();
    var order = new Map(data.trials.map(function (t, i) { return [t.jobId, i]; }));
    var rows = data.trials.filter(function (t) { return (!stage || t.stage === stage) && (!state || t.state === state); });
    var cols = columns(rows);
    if (text) rows = rows.filter(function (t) { return cols.some(function (c) { var v = cell(t, c.key); return v !== undefined && String(v).toLowerCase().indexOf(text) >= 0; }); });
    if (sort.key !== 'stage-order' && !cols.some(function (c) { return c.key === sort.key; })) sort = { key: 'stage-order', dir: 'asc' };
    rows.sort(function (a, b) {
      var c = sort.key === 'stage-order' ? order.get(a.jobId) - order.get(b.jobId) : compare(cell(a, sort.key), cell(b, sort.key));
      // Missing values stay last whichever way the column is sorted.
      var either = sort.key !== 'stage-order' && (missing(cell(a, sort.key)) || missing(cell(b, sort.key)));
      return sort.dir === 'desc' && !either ? -c : c;
    });
    document.getElementById('trials-head').innerHTML = '<tr>' + cols.map(function (c) {
      return '<th data-key="' + esc(c.key) + '"' + (sort.key === c.key ? ' data-dir="' + sort.dir + '"' : '') + '>' + esc(c.label) + '</th>';
    }).join('') + '</tr>';
    document.getElementById('trials').innerHTML = rows.map(function (t) {
      return '<tr data-job="' + esc(t.jobId) + '" data-state="' + esc(t.state) + '">' + cols.map(function (c) {
        if (c.key === 'job') return '<td data-key="job"><a href="../queues/queue/' + config.trialQueue + '/' + esc(encodeURIComponent(t.jobId)) + '">bull-board</a></td>';
        var v = cell(t, c.key);
        var cls = typeof v === 'number' ? 'num' : c.key === 'state' ? 'state-' + t.state : c.key === 'error' ? 'error' : '';
        return '<td data-key="' + esc(c.key) + '" class="' + cls + '">' + esc(typeof v === 'number' && c.key !== 'ms' && c.key !== 'attempts' ? num(v) : v === undefined || v === null ? '' : v) + '</td>';
      }).join('') + '</tr>';
    }).join('');
    document.getElementById('trial-count').textContent = rows.length + ' of ' + data.trials.length + ' trials';
  }
  function poll() {
    clearTimeout(timer);
    fetch(api, { cache: 'no-store' }).then(function (response) {
      if (!response.ok) return response.text().then(function (t) { throw new Error(t.trim()); });
      return response.json();
    }).then(function (next) {
      data = next;
      render();
      if (data.run.status === 'running') timer = setTimeout(poll, config.pollMs);
    }).catch(function (error) {
      document.getElementById('summary').textContent = 'could not read the run: ' + error.message;
      timer = setTimeout(poll, config.pollMs * 5);
    });
  }
  document.getElementById('trials-head').addEventListener('click', function (event) {
    var th = event.target.closest('th');
    if (!th) return;
    var key = th.getAttribute('data-key');
    sort = { key: key, dir: sort.key === key && sort.dir === 'asc' ? 'desc' : 'asc' };
    renderTrials();
  });
  ['stage-filter', 'state-filter', 'text-filter'].forEach(function (id) { document.getElementById(id).addEventListener('input', renderTrials); });
  var rerun = document.getElementById('rerun');
  if (rerun) rerun.addEventListener('click', function () {
    rerun.disabled = true;
    var message = document.getElementById('rerun-message');
    message.textContent = 'submitting…';
    fetch(api + '/rerun', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.error);
        message.textContent = body.stages.length === 0 ? 'resuming what had not settled' : 'running again: ' + body.stages.join(', ');
      });
    }).catch(function (error) { message.textContent = 'rerun refused: ' + error.message; })
      .then(function () { rerun.disabled = false; poll(); });
  });
  poll();
})();`;
