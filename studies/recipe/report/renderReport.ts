import { escapeHtml, scriptJson } from '../../../src/report/escapeHtml.js';
import type { FigureSpec, ReportSection } from '../../../src/report/figureSpec.js';
import { olsSummaryHtml } from '../../../src/report/olsSummaryHtml.js';
import { plotlyBundle } from '../../../src/report/plotlyBundle.js';
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
  const figures = reportFigures(input);
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
    ['timings', 'Timings', timingsHtml(input)],
    ['failed', 'Failed trials', failedTrialsHtml(stages)],
  ];
  const nav = sections.map(([id, title]) => `<a href="#${id}">${escapeHtml(title)}</a>`).join(' · ');
  const body = sections.map(([id, title, html]) => `<section id="${id}"><h2>${escapeHtml(title)}</h2>\n${html}\n</section>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>sweepflow report: ${escapeHtml(manifest.runId)}</title>
<style>${STYLE}</style>
</head>
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

/** Resolves column references and draws every figure; marks <body data-rendered> once all are drawn. */
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
  var drawn = data.figures.map(function (figure) {
    var element = document.querySelector('[data-figure="' + figure.name + '"] .plot');
    return Plotly.newPlot(element, resolve(figure.traces), resolve(figure.layout), { responsive: true, displaylogo: false })
      .catch(function (error) { console.error('figure ' + figure.name + ': ' + error); throw error; });
  });
  Promise.all(drawn).then(function () { document.body.setAttribute('data-rendered', String(drawn.length)); });
})();`;

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
header { background: #1d3557; color: white; padding: 12px 24px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0 0 6px; opacity: 0.85; }
header nav a { color: #a8dadc; }
main { padding: 0 24px 40px; max-width: 1200px; }
section { margin-top: 28px; }
h2 { border-bottom: 2px solid #1d3557; padding-bottom: 4px; }
table { border-collapse: collapse; margin: 10px 0; font-size: 13px; background: white; }
caption { text-align: left; font-style: italic; padding: 4px 0; white-space: nowrap; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.highlight { background: #e9f5f2; font-weight: 600; }
pre.config { background: white; border: 1px solid #ddd; padding: 8px; font-size: 12px; max-height: 360px; overflow: auto; }
.figure { background: white; border: 1px solid #ddd; margin: 14px 0; min-height: 450px; }
.best-model { font-size: 16px; }
.ols-warning { color: #9b2226; font-weight: 600; }
`;
