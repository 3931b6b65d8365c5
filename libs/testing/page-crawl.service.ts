import type { INestApplication } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ManualClock } from '../core/clock.service';
import { launchChromium } from './browser.service';
import { buildFuzzWorld, FUZZ_PASSWORDS, type FuzzWorld } from './fuzz-world.factory';
import { buildTestApp } from './test-app.service';
import { openTestDatabase, type TestDatabase } from './test-database.service';

/*
 * The crawls of every page in Chromium (test/phone-width-browser, test/every-page-accessible-
 * browser): each GET route the app serves outside /api, read off the app's own router as the page
 * fuzz reads it (so a new page is crawled without touching a spec), with a real id of the fuzz's
 * world for each parameter; opened by an officer, by an administrator where the officer may not
 * see it, and without signing in for the email-link and public pages.
 */

/** Routes that are not pages to look at, or that would end the session they are read in. */
const NOT_PAGES = [
  /^\/api\b/,
  /^\/assets\b/,
  /sign-out/,
  /\.(svg|csv|ics|json|zip|xml)$/,
  /download/,
];

/** The pages a person opens without signing in: email links, sign-in, the public register. */
const SIGNED_OUT = /^\/(act|sign-in|register)\b/;

/** The families of pages a crawl must reach, so that it reads whole families, not a handful. */
export const PAGE_FAMILIES = [
  '/cases',
  '/meetings',
  '/admin',
  '/directory',
  '/act/',
  '/sign-in',
  '/register',
];

function getRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return [
    ...new Set(express.router.stack.flatMap((l) => (l.route?.methods.get ? [l.route.path] : []))),
  ].filter((r) => !NOT_PAGES.some((p) => p.test(r)));
}

/** A real value of the fuzz's world for a route's parameter. */
function realValue(world: FuzzWorld, slug: string, route: string, name: string) {
  const f = world.fuzz;
  if (name === 'tenant') return slug;
  if (name === 'caseId') return f.cases[0];
  if (name === 'itemId') return f.items[0];
  if (name === 'type') return f.eventTypes[0];
  if (name === 'template') return f.templates[0]?.id;
  if (name === 'token') return f.links[0]?.token;
  if (name === 'documentId') return f.documents[0];
  if (route.startsWith('/admin/staff')) return f.spareAccounts[0];
  if (route.startsWith('/directory/people')) return f.people[0];
  if (route.startsWith('/directory/bodies')) return f.bodies[0];
  if (route.startsWith('/meetings')) return f.meetings[0];
  if (route.startsWith('/cases')) return f.cases[0];
  return undefined;
}

/** Every page route with its parameters filled from the fuzz's world (routes it cannot fill left out). */
function pagePaths(
  app: INestApplication,
  world: FuzzWorld,
  slug: string,
): { route: string; path: string }[] {
  return getRoutes(app).flatMap((route) => {
    const values = [...route.matchAll(/:(\w+)/g)].map((m) => realValue(world, slug, route, m[1]));
    if (values.some((v) => v === undefined)) return [];
    let i = 0;
    return [{ route, path: route.replace(/:\w+/g, () => encodeURIComponent(values[i++]!)) }];
  });
}

async function signedInContext(
  browser: Browser,
  origin: string,
  world: FuzzWorld,
  who: 'officer' | 'gp',
  password: string,
  viewport: Viewport,
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${origin}/sign-in?next=/cases`);
  await page.locator('#email').fill(world.emailOf(who));
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${origin}/cases`);
  await page.close();
  return context;
}

/**
 * Opens the page and answers its status, or null when the answer is not an HTML page. A file
 * served as an attachment is a download, not a page: some Chromium builds (the one in
 * @sparticuz/chromium) refuse the navigation as such, others end it with no page.
 */
async function openPage(page: Page, url: string): Promise<number | null> {
  const res = await page.goto(url).catch((e: Error) => {
    if (e.message.includes('Download is starting')) return null;
    throw e;
  });
  if (!res || !(res.headers()['content-type'] ?? '').includes('text/html')) return null;
  return res.status();
}

type Viewport = { width: number; height: number };

/**
 * Opens the spec file's database, app (listening), fuzz world and Chromium before its tests, with
 * an officer's, an administrator's and a signed-out browser of `viewport`; closes them after.
 */
export function pageCrawlHarness(viewport: Viewport) {
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  let t:
    | {
        db: TestDatabase;
        app: INestApplication;
        browser: Browser;
        world: FuzzWorld;
        slug: string;
        origin: string;
        contexts: BrowserContext[];
        pages: { officer: Page; administrator: Page; anonymous: Page };
      }
    | undefined;

  beforeAll(async () => {
    const db = await openTestDatabase();
    const app = await buildTestApp(db.ds, clock, {
      API_RATE_LIMIT_PER_MINUTE: '100000',
      LINK_RATE_LIMIT_PER_MINUTE: '100000',
    });
    const world = await buildFuzzWorld(db.ds, app, clock);
    const [tenant]: { slug: string }[] = await db.ds.query(
      'SELECT slug FROM tenants WHERE tenant_id = $1',
      [world.tenantId],
    );
    await app.listen(0, '127.0.0.1');
    const origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const browser = await launchChromium();
    const contexts = [
      await signedInContext(browser, origin, world, 'officer', FUZZ_PASSWORDS.officer, viewport),
      await signedInContext(browser, origin, world, 'gp', FUZZ_PASSWORDS.administrator, viewport),
      await browser.newContext({ viewport, bypassCSP: true }),
    ];
    const [officer, administrator, anonymous] = await Promise.all(contexts.map((c) => c.newPage()));
    const pages = { officer, administrator, anonymous };
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

  /** Every page to crawl: its route, and its address with the fuzz world's ids. */
  const paths = () => pagePaths(ready().app, ready().world, ready().slug);

  /**
   * The page at `path` opened as its reader would: signed out for the public and email-link
   * pages, else as an officer, or as an administrator when the officer may not see it. Null when
   * the answer is not an HTML page (a download).
   */
  async function open(path: string): Promise<{ page: Page; status: number } | null> {
    const { origin, pages } = ready();
    const first = SIGNED_OUT.test(path) ? pages.anonymous : pages.officer;
    const status = await openPage(first, `${origin}${path}`);
    if (status !== 403 || first === pages.anonymous)
      return status === null ? null : { page: first, status };
    const again = await openPage(pages.administrator, `${origin}${path}`);
    return again === null ? null : { page: pages.administrator, status: again };
  }

  return { paths, open };
}
