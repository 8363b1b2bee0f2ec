#!/usr/bin/env node
// Rebuilds src/report/assets/plotly-report.min.js: plotly.js with only the trace types the
// reports and the run page draw (REPORT_TRACE_TYPES in src/report/plotlyBundle.ts; scatter is
// always in plotly's core). Run from the project: node scripts/plotly/buildReportBundle.mjs
// It installs plotly.js's source package (not a project dependency) into a temporary folder
// and bundles it with the esbuild the project already has; the result is committed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const PLOTLY_VERSION = '4.1.1';
const TRACES = ['bar', 'box', 'heatmap', 'scatter3d', 'scattergl'];
const OUT = new URL('../../src/report/assets/plotly-report.min.js', import.meta.url);

const dir = mkdtempSync(join(tmpdir(), 'plotly-bundle-'));
try {
  writeFileSync(join(dir, 'package.json'), '{"name":"plotly-bundle","private":true}');
  execFileSync('npm', ['install', `plotly.js@${PLOTLY_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
  writeFileSync(
    join(dir, 'entry.js'),
    `var Plotly = require('plotly.js/lib/core');\nPlotly.register([${TRACES.map((t) => `require('plotly.js/lib/${t}')`).join(', ')}]);\nwindow.Plotly = Plotly;\n`,
  );
  // typedarray-pool asks for node's Buffer only to tell Buffers apart; a browser has none.
  writeFileSync(join(dir, 'noBuffer.js'), 'exports.Buffer = { isBuffer: function () { return false; } };\n');
  // The options of plotly.js's own esbuild-config.js, less its plugins (shaders load as text).
  await build({
    absWorkingDir: dir,
    entryPoints: ['entry.js'],
    outfile: join(dir, 'bundle.js'),
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2016',
    alias: { regl: '@plotly/regl', buffer: './noBuffer.js' },
    define: { global: 'window', 'define.amd': 'false' },
    loader: { '.glsl': 'text' },
    logLevel: 'warning',
  });
  const text = `/* plotly.js ${PLOTLY_VERSION} (MIT), traces: scatter, ${TRACES.join(', ')}; built by scripts/plotly/buildReportBundle.mjs */\n${readFileSync(join(dir, 'bundle.js'), 'utf8')}`;
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT.pathname}: ${(statSync(OUT).size / 1e6).toFixed(2)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
