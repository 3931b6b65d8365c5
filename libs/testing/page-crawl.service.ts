import type { INestApplication } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ManualClock } from '../core/clock.service';
import { launchChromium } from './browser.service';
import { buildCrawlWorld, type CrawlWorld } from './crawl-world.factory';
import { FUZZ_PASSWORDS } from './fuzz-world.factory';
import { buildTestApp } from './test-app.service';
import { openTestDatabase, type TestDatabase } from './test-database.service';

/*
 * The crawls of every page in Chromium (test/phone-width-browser, test/every-page-accessible-
 * browser): each GET route the app serves, read off the app's own router (so that a new page is
 * crawled without touching a spec), opened once with real ids of the crawl's world
 * (libs/testing/crawl-world.factory.ts): by an officer, by an administrator where the officer may
 * not see it, and without signing in for the email-link and public pages. A route that is neither
 * listed below as no page nor opened as one, and a page answered with an error or a redirect not
 * listed below as expected, is a problem the crawl reports: no page is left out in silence, and no
 * error page passes for the page it stands in for.
 */

/** GET routes that are not pages to look at, each with why. */
const NOT_PAGES: [RegExp, string][] = [
  [/^\/api\//, 'the API: JSON, read by its own specs and the OpenAPI document'],
  [/^\/health\//, 'probes for the platform: JSON'],
  [/\.(svg|csv|ics|json|atom)$/, 'files: diagrams, exports, calendars and feeds'],
  [/^\/cases\/:id\/documents\/:documentId\/content$/, 'a document, sent as itself'],
  [/^\/act\/:token\/documents\/:position$/, 'a document read from an emailed link, sent as itself'],
  [/^\/directory\/import\/:file$/, "the directory's CSV exports (people, bodies, memberships)"],
];

/**
 * Pages that answer as they should with an error or elsewhere when opened from the crawl, each with
 * why; any other status of 400 or more, or redirect, is a problem.
 */
const EXPECTED: Record<string, { status: number; to?: string | RegExp; why: string }> = {
  '/': { status: 200, to: '/cases', why: 'the address of the service leads to the dashboard' },
  '/cases/by-reference/:reference': {
    status: 200,
    to: /^\/cases\/[0-9a-f-]{36}$/,
    why: 'a case found by its reference (the address emails give) leads to its page',
  },
  '/act/verify/callback': {
    status: 403,
    why: 'where the organisation’s sign-in sends a person back: with no sign-in this browser started, the page says it did not finish',
  },
  '/sign-in/oidc/callback': {
    status: 403,
    why: 'where the organisation’s sign-in sends staff back: with no sign-in this browser started, the page says it did not finish',
  },
};

/** The pages a person opens without signing in: email links, sign-in, the public register and plan. */
const SIGNED_OUT = /^\/(act|sign-in|register|set-password|forward-plan\/[^/]+)\b/;

type Ids = (w: CrawlWorld) => Record<string, string>;
const aCase: Ids = (w) => ({ id: w.fuzz.cases[0] });
const aBody: Ids = (w) => ({ id: w.crawl.body });
const anOffice: Ids = (w) => ({ id: w.crawl.office });
const anOrganisation: Ids = (w) => ({ id: w.crawl.organisation });
const aPerson: Ids = (w) => ({ id: w.fuzz.people[0] });

/** The real instance behind each page route's parameters (`tenant` is always the council's slug). */
const INSTANCES: Record<string, Ids> = {
  '/act/:token': (w) => ({ token: w.fuzz.links[0].token }),
  '/set-password/:token': (w) => ({ token: w.crawl.passwordToken }),
  '/admin/retention/holds/:caseId/release': (w) => ({ caseId: w.crawl.heldCase }),
  '/admin/sign-in/organisations/:id': anOrganisation,
  '/admin/webhooks/:id': (w) => ({ id: w.crawl.webhook }),
  '/cases/:id': aCase,
  '/cases/by-reference/:reference': (w) => ({ reference: w.crawl.caseReference }),
  '/cases/:id/certificate': aCase,
  '/cases/:id/documents': aCase,
  '/cases/:id/documents/:documentId/new-version': (w) => ({
    id: w.fuzz.cases[0],
    documentId: w.fuzz.documents[0],
  }),
  '/cases/:id/pause': aCase,
  '/cases/:id/withdraw': aCase,
  '/cases/:id/verify': aCase,
  '/cases/:id/resume': (w) => ({ id: w.crawl.pausedCase }),
  '/cases/:id/roles/:role/reassign': (w) => ({ id: w.crawl.roleCase, role: w.crawl.role }),
  '/cases/new/:template': (w) => ({ template: w.fuzz.templates[0].id }),
  '/directory/bodies/:id': aBody,
  '/directory/bodies/:id/edit': aBody,
  '/directory/bodies/:id/members': aBody,
  '/directory/bodies/:id/members/:seatId': (w) => ({ id: w.crawl.body, seatId: w.crawl.seat }),
  '/directory/delegations/:id': (w) => ({ id: w.crawl.delegation }),
  '/directory/offices/:id': anOffice,
  '/directory/offices/:id/change': anOffice,
  '/directory/offices/:officeId/appoint': (w) => ({ officeId: w.crawl.office }),
  '/directory/offices/:officeId/holders/:holdingId/change': (w) => ({
    officeId: w.crawl.office,
    holdingId: w.crawl.holding,
  }),
  '/directory/organisations/:id': anOrganisation,
  '/directory/organisations/:id/change': anOrganisation,
  '/directory/people/:id': aPerson,
  '/directory/people/:id/change': aPerson,
  '/forward-plan/:tenant/editions/:id': (w) => ({ id: w.crawl.edition }),
  '/meetings/:id': (w) => ({ id: w.fuzz.meetings[0] }),
  '/register/:tenant/:caseId': (w) => ({ caseId: w.crawl.publishedCase }),
};

/** The GET routes the app serves (HEAD is answered by the same handlers). */
function getRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return [
    ...new Set(express.router.stack.flatMap((l) => (l.route?.methods.get ? [l.route.path] : []))),
  ];
}

/** A page route's address with its world's ids, or why it has none. */
function addressOf(route: string, world: CrawlWorld, slug: string): string | { missing: string } {
  const names = [...route.matchAll(/:(\w+)/g)].map((m) => m[1]);
  const ids: Record<string, string> = {
    ...(names.some((n) => n !== 'tenant') ? INSTANCES[route]?.(world) : {}),
    tenant: slug,
  };
  const missing = names.filter((n) => !ids[n]);
  if (missing.length)
    return {
      missing: `${route}: no real instance for :${missing.join(', :')} (add one to libs/testing/crawl-world.factory.ts and page-crawl.service.ts's INSTANCES)`,
    };
  return route.replace(/:(\w+)/g, (_, n: string) => encodeURIComponent(ids[n]));
}

async function signedInContext(
  browser: Browser,
  origin: string,
  email: string,
  password: string,
  viewport: Viewport,
  landing = '/cases',
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${origin}/sign-in?next=/cases`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === landing);
  await page.close();
  return context;
}

/** What opening an address answered: its status, HTML or not, and where a redirect led. */
interface Answer {
  status: number;
  html: boolean;
  /** The path (and query) a redirect ended on, if it was redirected. */
  to?: string;
}

/**
 * Opens the page and answers what came back, or null when the answer was a download. A file served
 * as an attachment is a download, not a page: some Chromium builds (the one in @sparticuz/chromium)
 * refuse the navigation as such, others end it with no page.
 */
async function openPage(page: Page, url: string): Promise<Answer | null> {
  const res = await page.goto(url).catch((e: Error) => {
    if (e.message.includes('Download is starting')) return null;
    throw e;
  });
  if (!res) return null;
  const final = new URL(res.url());
  return {
    status: res.status(),
    html: (res.headers()['content-type'] ?? '').includes('text/html'),
    to: res.request().redirectedFrom() ? final.pathname + final.search : undefined,
  };
}

type Viewport = { width: number; height: number };

/** A page the crawl opened: its route, address, the page as its reader sees it, and its status. */
export interface CrawledPage {
  route: string;
  path: string;
  page: Page;
  status: number;
}

/**
 * Opens the spec file's database, app (listening), crawl world and Chromium before its tests, with
 * an officer's, an administrator's, a signed-out browser and one half signed in (its authenticator
 * code still to give) of `viewport`; closes them after.
 */
export function pageCrawlHarness(viewport: Viewport) {
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  let t:
    | {
        db: TestDatabase;
        app: INestApplication;
        browser: Browser;
        world: CrawlWorld;
        slug: string;
        origin: string;
        contexts: BrowserContext[];
        pages: { officer: Page; administrator: Page; anonymous: Page; halfSignedIn: Page };
      }
    | undefined;

  beforeAll(async () => {
    const db = await openTestDatabase();
    const app = await buildTestApp(db.ds, clock, {
      API_RATE_LIMIT_PER_MINUTE: '100000',
      LINK_RATE_LIMIT_PER_MINUTE: '100000',
    });
    const world = await buildCrawlWorld(db.ds, app, clock);
    const [tenant]: { slug: string }[] = await db.ds.query(
      'SELECT slug FROM tenants WHERE tenant_id = $1',
      [world.tenantId],
    );
    await app.listen(0, '127.0.0.1');
    const origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const browser = await launchChromium();
    const { email, password } = world.crawl.twoFactor;
    const contexts = [
      await signedInContext(
        browser,
        origin,
        world.emailOf('officer'),
        FUZZ_PASSWORDS.officer,
        viewport,
      ),
      await signedInContext(
        browser,
        origin,
        world.emailOf('gp'),
        FUZZ_PASSWORDS.administrator,
        viewport,
      ),
      await browser.newContext({ viewport, bypassCSP: true }),
      await signedInContext(browser, origin, email, password, viewport, '/sign-in/two-factor'),
    ];
    const [officer, administrator, anonymous, halfSignedIn] = await Promise.all(
      contexts.map((c) => c.newPage()),
    );
    const pages = { officer, administrator, anonymous, halfSignedIn };
    t = { db, app, browser, world, slug: tenant.slug, origin, contexts, pages };
  });
  afterAll(async () => {
    for (const c of t?.contexts ?? []) await c.close();
    await t?.browser.close();
    await t?.app.close();
    await t?.db.drop();
  });

  const ready = () => {
    if (!t) throw new Error('the app and browser are opened in beforeAll');
    return t;
  };

  /**
   * The page at `path` opened as its reader would: signed out for the public and email-link
   * pages, half signed in for the authenticator code's, else as an officer, or as an administrator
   * when the officer may not see it.
   */
  async function open(path: string): Promise<{ page: Page; answer: Answer | null }> {
    const { origin, pages } = ready();
    const first =
      path === '/sign-in/two-factor'
        ? pages.halfSignedIn
        : SIGNED_OUT.test(path)
          ? pages.anonymous
          : pages.officer;
    const answer = await openPage(first, `${origin}${path}`);
    if (answer?.status !== 403 || first !== pages.officer) return { page: first, answer };
    return {
      page: pages.administrator,
      answer: await openPage(pages.administrator, `${origin}${path}`),
    };
  }

  /**
   * Opens every GET page route once and hands each page to `check`. Answers the crawl's own
   * problems: a route that is no page listed in NOT_PAGES and has no real instance to open, or does
   * not answer with HTML; a page answered with a status of 400 or more, or a redirect, other than
   * EXPECTED says.
   */
  async function crawlEvery(check: (p: CrawledPage) => Promise<void>): Promise<string[]> {
    const { app, world, slug } = ready();
    const problems: string[] = [];
    for (const route of getRoutes(app)) {
      if (NOT_PAGES.some(([r]) => r.test(route))) continue;
      const path = addressOf(route, world, slug);
      if (typeof path !== 'string') {
        problems.push(path.missing);
        continue;
      }
      const { page, answer } = await open(path);
      if (!answer?.html) {
        problems.push(`${path}: not an HTML page (list it in NOT_PAGES, with why)`);
        continue;
      }
      const expected = EXPECTED[route];
      const to = expected?.to;
      const unexpected =
        expected?.status !== answer.status ||
        (to instanceof RegExp ? !to.test(answer.to ?? '') : to !== answer.to);
      if ((answer.status >= 400 || answer.to) && unexpected)
        problems.push(
          `${path}: answered ${answer.status}${answer.to ? ` at ${answer.to}` : ''}${page === ready().pages.administrator ? ' to an administrator' : ''}`,
        );
      await check({ route, path, page, status: answer.status });
    }
    return problems;
  }

  return { crawlEvery };
}
