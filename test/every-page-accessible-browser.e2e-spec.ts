import { axeViolations, BROWSER_JOURNEY_TIMEOUT_MS } from '../libs/testing/browser.service';
import { pageCrawlHarness } from '../libs/testing/page-crawl.service';

/*
 * Every page meets WCAG 2.2 AA as axe-core reads it (issue #12, Tests): each page the crawl opens
 * (libs/testing/page-crawl.service.ts: every GET page route, read off the app's own router so that
 * a new page is checked without touching this file, with real ids, as an officer, an administrator
 * or signed out; a route left unopened or a page answered with an error fails), on a desktop
 * screen. The journeys' own browser tests check the
 * pages a form leads to (error summaries, check pages, banners); this crawl checks the rest. Nor
 * does any page show a time in UTC or an id: a case is shown by its reference (issue #12, Done when).
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The lines of a page's text that speak the machine's language: a time in UTC, or an id (UUID). */
function machineWords(text: string): string[] {
  return text.split('\n').filter((line) => /\bUTC\b/.test(line) || UUID.test(line));
}

jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS * 3);
describe('every page in Chromium against WCAG 2.2 AA, in people’s words', () => {
  const crawl = pageCrawlHarness({ width: 1024, height: 768 });

  it('finds no axe-core violation, no UTC time and no stray id on any page, staff, public or email link', async () => {
    const violations: string[] = [];
    const words: string[] = [];
    const problems = await crawl.crawlEvery(async ({ path, page, status }) => {
      const text = (await page.evaluate('document.body.innerText')) as string;
      words.push(...machineWords(text).map((line) => `${path}: ${line}`));
      for (const v of await axeViolations(page))
        violations.push(
          `${path} (${status}): ${v.id}, ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`,
        );
    });
    // Every page route opened, each with a real instance, none answered with an unexpected error.
    expect({ problems, words, violations }).toEqual({ problems: [], words: [], violations: [] });
  });
});
