import type { Page } from 'playwright-core';
import { BROWSER_JOURNEY_TIMEOUT_MS } from '../libs/testing/browser.service';
import { pageCrawlHarness } from '../libs/testing/page-crawl.service';

/*
 * Every page at 320 px (issue #12, phones): each page the crawl opens (libs/testing/page-crawl.
 * service.ts: every GET page route, read off the app's own router so that a new page is measured
 * without touching this file, with real ids, as an officer, an administrator or signed out; a
 * route left unopened or a page answered with an error fails). No page
 * may scroll sideways: scrollWidth <= clientWidth. Tables of several columns read as one block per
 * row on a phone (app-table--stacked in apps/api/public/ratify.css), long unbroken words
 * (fingerprints, addresses) break (govuk-!-text-break-word).
 */

jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS * 3);
describe('every page on a 320 px phone', () => {
  const crawl = pageCrawlHarness({ width: 320, height: 640 });

  /** How wide the page is against the screen, and what reaches past its right edge. */
  async function widthOf(page: Page): Promise<{ scroll: number; client: number; wide: string[] }> {
    const [scroll, client] = (await page.evaluate(
      '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
    )) as [number, number];
    // What reaches past the screen's right edge, named, so that a failure says what to fix.
    const wide = (await page.evaluate(`[...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].map((c) => '.' + c).join(''))
      .slice(0, 4)`)) as string[];
    return { scroll, client, wide };
  }

  it('scrolls no page sideways, staff, public or email link', async () => {
    const overflowing: string[] = [];
    const widths: string[] = [];
    const problems = await crawl.crawlEvery(async ({ route, path, page, status }) => {
      const seen = await widthOf(page);
      if (seen.scroll > seen.client) {
        overflowing.push(route);
        widths.push(
          `${path} (${status}): ${seen.scroll} px wide on ${seen.client} px (${seen.wide.join(', ')})`,
        );
      }
    });
    // Every page route opened, each with a real instance, none answered with an unexpected error;
    // the widths ride along so that a failure says how wide each page is.
    expect({ problems, routes: [...new Set(overflowing)].sort(), widths }).toEqual({
      problems: [],
      routes: [],
      widths: [],
    });
  });
});
