import { axeViolations, BROWSER_JOURNEY_TIMEOUT_MS } from '../libs/testing/browser.service';
import { PAGE_FAMILIES, pageCrawlHarness } from '../libs/testing/page-crawl.service';

/*
 * Every page meets WCAG 2.2 AA as axe-core reads it (issue #12, Tests): each page the crawl opens
 * (libs/testing/page-crawl.service.ts: every GET route outside /api, read off the app's own
 * router so that a new page is checked without touching this file, as an officer, an
 * administrator or signed out), on a desktop screen. The journeys' own browser tests check the
 * pages a form leads to (error summaries, check pages, banners); this crawl checks the rest. Nor
 * does any page show a time in UTC or an id, but for a case's Reference row (issue #12, Done when).
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * The lines of a page's text that speak the machine's language: a time in UTC, or an id (UUID)
 * anywhere but a case's own Reference row (the reference a case is found by, its id).
 */
function machineWords(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => /\bUTC\b/.test(line) || (UUID.test(line) && !/^Reference\t/.test(line)));
}

jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS * 3);
describe('every page in Chromium against WCAG 2.2 AA, in people’s words', () => {
  const crawl = pageCrawlHarness({ width: 1024, height: 768 });

  it('finds no axe-core violation, no UTC time and no stray id on any page, staff, public or email link', async () => {
    const checked: string[] = [];
    const violations: string[] = [];
    const words: string[] = [];
    for (const { path } of crawl.paths()) {
      const opened = await crawl.open(path);
      if (!opened) continue;
      checked.push(path);
      const text = (await opened.page.evaluate('document.body.innerText')) as string;
      words.push(...machineWords(text).map((line) => `${path}: ${line}`));
      for (const v of await axeViolations(opened.page))
        violations.push(
          `${path} (${opened.status}): ${v.id}, ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`,
        );
    }
    // Whole families of pages checked, not a handful.
    for (const family of PAGE_FAMILIES)
      expect([family, checked.some((p) => p.startsWith(family))]).toEqual([family, true]);
    expect(words).toEqual([]);
    expect(violations).toEqual([]);
  });
});
