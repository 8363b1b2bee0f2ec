import { escapeHtml, scriptJson } from '../../../src/report/escapeHtml.js';
import type { FigureSpec, ReportSection } from '../../../src/report/figureSpec.js';
import { olsSummaryHtml } from '../../../src/report/olsSummaryHtml.js';
import { pageHead } from '../../../src/report/pageHead.js';
import { plotlyBundle } from '../../../src/report/plotlyBundle.js';
import { sweepFigures } from '../../../src/report/sweepFigures.js';
import { reportColumns } from './reportColumns.js';
import { reportFigures } from './reportFigures.js';
import type { ReportInput } from './reportInput.js';
import { failedTrialsHtml, runSummaryHtml, timingsHtml } from './runDetailsHtml.js';
import { comparisonHtml, kmeansTablesHtml, knnTablesHtml, mlpTablesHtml } from './studyTablesHtml.js';

/**
 * The run's report: one self-contained HTML page (plotly inlined, data embedded, no network)
 * with every figure of the notebook, the OLS summaries, the model comparison and the run's
 * config, timings and failures.
 */
export function renderReport(input: ReportInput): string {
  const { results, manifest, stages } = input;
  const figures = [...reportFigures(input), ...sweepFigures(input.trials, manifest.dag, manifest.created)];
  const data = { columns: reportColumns(input.projections), figures };
  const figuresOf = (section: ReportSection) => figures.filter((f) => f.section === section).map(figureHtml).join('\n');
  const sections: [id: string, title: string, body: string][] = [
    ['run', 'Run', runSummaryHtml(input)],
    ['comparison', 'Model comparison', `${comparisonHtml(results)}\n${figuresOf('comparison')}`],
    ['ols', 'Linear regression (OLS)', input.facts.olsFits.map(({ design, fit }) => olsSummaryHtml(design, fit, input.facts.targetColumn)).join('\n')],
    ['knn', 'K-nearest neighbours', `${knnTablesHtml(results)}\n${figuresOf('knn')}`],
    ['kmeans', 'K-Means clustering', `${kmeansTablesHtml(results)}\n${figuresOf('kmeans')}`],
    ['pca', 'Principal components', figuresOf('pca')],
    ['mlp', 'Multi-layer perceptron', `${mlpTablesHtml(results, input.config)}\n${figuresOf('mlp')}`],
    ['sweep', 'Sweep', figuresOf('sweep')],
    ['timings', 'Timings', timingsHtml(input)],
    ['failed', 'Failed trials', failedTrialsHtml(stages)],
  ];
  const nav = sections.map(([id, title]) => `<a href="#${id}">${escapeHtml(title)}</a>`).join(' · ');
  const body = sections.map(([id, title, html]) => `<section id="${id}"><h2>${escapeHtml(title)}</h2>\n${html}\n</section>`).join('\n');
  return `${pageHead(`sweepflow report: ${manifest.runId}`, STYLE)}
<body>
<header><h1>sweepflow report: run ${escapeHtml(manifest.runId)}</h1>
<p>${escapeHtml(manifest.study)} · ${escapeHtml(manifest.status)} · ${figures.length} figures</p>
<nav>${nav}</nav></header>
<main>
${body}
</main>
<script>${plotlyBundle()}</script>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${DRAW_FIGURES}</script>
</body>
</html>
`;
}

function figureHtml(figure: FigureSpec): string {
  return `<div class="figure" data-figure="${escapeHtml(figure.name)}"><div class="plot"></div></div>`;
}

/**
 * Resolves column references and draws each figure when it comes near the viewport, one at a
 * time (the WebGL projections take seconds each in a GPU-less browser): the page opens at once
 * and what is never scrolled to is never drawn. Printing draws them all. Marks <body> with
 * data-opened once the figures first in view are drawn, data-drawn with the count so far and
 * data-rendered once every figure is drawn.
 */
const DRAW_FIGURES = `(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  function resolve(value) {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    if (typeof value.$column === 'string') return data.columns[value.$column];
    var out = {};
    Object.keys(value).forEach(function (key) { out[key] = resolve(value[key]); });
    return out;
  }
  var pending = new Map();
  data.figures.forEach(function (figure) { pending.set(document.querySelector('[data-figure="' + figure.name + '"]'), figure); });
  var drawn = 0;
  var queue = Promise.resolve();
  function draw(element) {
    var figure = pending.get(element);
    if (figure === undefined) return queue;
    pending.delete(element);
    observer.unobserve(element);
    queue = queue.then(function () {
      return Plotly.newPlot(element.querySelector('.plot'), resolve(figure.traces), resolve(figure.layout), { responsive: true, displaylogo: false });
    }).then(function () {
      drawn += 1;
      document.body.setAttribute('data-drawn', String(drawn));
      if (drawn === data.figures.length) document.body.setAttribute('data-rendered', String(drawn));
    }, function (error) { console.error('figure ' + figure.name + ': ' + error); });
    return queue;
  }
  var opened = false;
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) { if (entry.isIntersecting) draw(entry.target); });
    if (!opened) {
      opened = true;
      queue.then(function () { document.body.setAttribute('data-opened', String(drawn)); });
    }
  }, { rootMargin: '200px 0px' });
  pending.forEach(function (_, element) { observer.observe(element); });
  window.addEventListener('beforeprint', function () { Array.from(pending.keys()).forEach(draw); });
})();`;

/** The style every report page shares; `accent` colours its header (the partial report's differs). */
export function reportStyle(accent: string, link: string): string {
  return `
body { font-family: system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
header { background: ${accent}; color: white; padding: 12px 24px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0 0 6px; opacity: 0.85; }
header nav a { color: ${link}; }
main { padding: 0 24px 40px; max-width: 1200px; }
section { margin-top: 28px; }
h2 { border-bottom: 2px solid ${accent}; padding-bottom: 4px; }
table { border-collapse: collapse; margin: 10px 0; font-size: 13px; background: white; }
caption { text-align: left; font-style: italic; padding: 4px 0; white-space: nowrap; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
pre.config { background: white; border: 1px solid #ddd; padding: 8px; font-size: 12px; max-height: 360px; overflow: auto; }
`;
}

const STYLE = `${reportStyle('#1d3557', '#a8dadc')}
tr.highlight { background: #e9f5f2; font-weight: 600; }
.figure { background: white; border: 1px solid #ddd; margin: 14px 0; min-height: 450px; }
.best-model { font-size: 16px; }
.ols-warning { color: #9b2226; font-weight: 600; }
`;
