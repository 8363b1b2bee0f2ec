import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let bundle: string | undefined;

/**
 * plotly.js (the minified dist package) as script text, read once per process: the report
 * inlines it so the page opens offline, with no CDN.
 */
export function plotlyBundle(): string {
  if (bundle === undefined) {
    const file = createRequire(import.meta.url).resolve('plotly.js-dist-min');
    const text = readFileSync(file, 'utf8');
    // Inlined in a <script> element, this sequence would end it early.
    if (/<\/script/i.test(text)) throw new Error(`${file} contains '</script' and cannot be inlined`);
    bundle = text;
  }
  return bundle;
}
