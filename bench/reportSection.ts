/**
 * Section "report": the quick study's report.html opened in headless Chromium (Debian's
 * /usr/bin/chromium): its size, first paint, the figures in view drawn, and every figure drawn
 * as a reader scrolls through. The goal is ≤ 3 s to open; a figure to read, not a test.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launchChromium } from '../test/support/chromium.js';
import { measureReportLoad, type ReportLoad } from '../test/support/reportLoad.js';
import { median } from './median.js';
import { formatBytes, formatLoad, formatMs, row, verdict } from './reportFormat.js';
import { withStudyRun } from './studyRun.js';

const OPEN_TARGET_MS = 3000;

export async function reportSection(repeat: number): Promise<void> {
  console.log(`\n== report: the quick study's report.html in headless Chromium, ${repeat === 1 ? 'opened once' : `median of ${repeat} openings`} ==`);
  await withStudyRun({ label: 'report', profile: 'quick', workers: 2 }, async (run) => {
    const file = join(run.outDir, 'report.html');
    const bytes = (await readFile(file)).length;
    const browser = await launchChromium();
    const loads: ReportLoad[] = [];
    try {
      for (let i = 0; i < repeat; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        loads.push(await measureReportLoad(page, `file://${file}`));
        await page.close();
      }
    } finally {
      await browser.close();
    }
    const opened = median(loads.map((l) => l.openedMs));
    console.log(row('size', formatBytes(bytes)));
    console.log(row('first paint', formatMs(median(loads.map((l) => l.firstPaintMs)))));
    console.log(row('opened (figures in view drawn)', formatMs(opened), verdict(opened, OPEN_TARGET_MS)));
    console.log(row(`all ${loads[0].figures} figures drawn, scrolled through`, formatMs(median(loads.map((l) => l.allDrawnMs)))));
    console.log(`  ${formatLoad()}`);
  });
}
