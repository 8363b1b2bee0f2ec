import { existsSync, readFileSync } from 'node:fs';

/** The plotly trace types in the report bundle (scatter is always there): a figure of another type would not draw. */
export const REPORT_TRACE_TYPES = ['scatter', 'bar', 'box', 'heatmap', 'scatter3d', 'scattergl'] as const;

const ASSET = 'assets/plotly-report.min.js';
/** Beside this module's source; the compiled module, in dist/src/report/, finds it in the source tree. */
const CANDIDATES = [new URL(`./${ASSET}`, import.meta.url), new URL(`../../../src/report/${ASSET}`, import.meta.url)];

let bundle: string | undefined;

/**
 * plotly.js built with only REPORT_TRACE_TYPES (scripts/plotly/buildReportBundle.mjs: 2 MB where
 * the full dist is 4.8 MB), as script text read once per process: the report inlines it so the
 * page opens offline, with no CDN, and the dashboard serves it.
 */
export function plotlyBundle(): string {
  if (bundle === undefined) {
    const file = CANDIDATES.find((url) => existsSync(url));
    if (file === undefined) throw new Error(`plotly bundle ${ASSET} is missing: rebuild it with node scripts/plotly/buildReportBundle.mjs`);
    const text = readFileSync(file, 'utf8');
    // Inlined in a <script> element, this sequence would end it early.
    if (/<\/script/i.test(text)) throw new Error(`${file.pathname} contains '</script' and cannot be inlined`);
    bundle = text;
  }
  return bundle;
}
