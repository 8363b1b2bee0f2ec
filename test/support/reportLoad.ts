import type { Page } from 'playwright-core';

/** How long a report took to open (the figures first in view drawn) and to draw every figure once scrolled through. */
export interface ReportLoad {
  /** The browser's first contentful paint: the page is on screen. */
  readonly firstPaintMs: number;
  readonly openedMs: number;
  readonly allDrawnMs: number;
  readonly figures: number;
}

/** Opens the report in `page`, waits for what is in view, then scrolls each figure into view until all are drawn. */
export async function measureReportLoad(page: Page, url: string, timeoutMs = 300_000): Promise<ReportLoad> {
  const started = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector('body[data-opened]', { timeout: timeoutMs });
  const openedMs = Date.now() - started;
  for (const figure of await page.locator('.figure').all()) {
    await figure.scrollIntoViewIfNeeded();
    // One at a time, as a reader scrolls: each figure drawn before the next is reached.
    await figure.locator('.js-plotly-plot').waitFor({ timeout: timeoutMs });
  }
  await page.waitForSelector('body[data-rendered]', { timeout: timeoutMs });
  const firstPaintMs = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
  return { firstPaintMs: Math.round(firstPaintMs), openedMs, allDrawnMs: Date.now() - started, figures: Number(await page.getAttribute('body', 'data-rendered')) };
}
