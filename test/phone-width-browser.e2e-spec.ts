import { INestApplication } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ManualClock } from '../libs/core/clock.service';
import { BROWSER_JOURNEY_TIMEOUT_MS, launchChromium } from '../libs/testing/browser.service';
import { buildFuzzWorld, FUZZ_PASSWORDS, FuzzWorld } from '../libs/testing/fuzz-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * Every page at 320 px (issue #12, phones): each GET route the app serves outside /api, read off
 * the app's own router as the page fuzz reads it (so a new page is measured without touching this
 * file), with a real id of the fuzz's world for each parameter, opened in Chromium by an officer,
 * by an administrator where the officer may not see it, and without signing in for the email-link
 * and public pages. No page may scroll sideways: scrollWidth <= clientWidth. Tables of several
 * columns read as one block per row on a phone (app-table--stacked in apps/api/public/ratify.css),
 * long unbroken words (fingerprints, addresses) break (govuk-!-text-break-word).
 */

const WIDTH = 320;
/** Routes that are not pages to look at, or that would end the session they are read in. */
const NOT_PAGES = [
  /^\/api\b/,
  /^\/assets\b/,
  /sign-out/,
  /\.(svg|csv|ics|json|zip|xml)$/,
  /download/,
];

jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS * 3);
describe('every page on a 320 px phone', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let world: FuzzWorld;
  let origin: string;
  let slug: string;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock, {
      API_RATE_LIMIT_PER_MINUTE: '100000',
      LINK_RATE_LIMIT_PER_MINUTE: '100000',
    });
    world = await buildFuzzWorld(db.ds, app, clock);
    const [tenant]: { slug: string }[] = await db.ds.query(
      'SELECT slug FROM tenants WHERE tenant_id = $1',
      [world.tenantId],
    );
    slug = tenant.slug;
    await app.listen(0, '127.0.0.1');
    origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  function getRoutes(): string[] {
    const express = app.getHttpAdapter().getInstance() as {
      router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
    };
    return [
      ...new Set(express.router.stack.flatMap((l) => (l.route?.methods.get ? [l.route.path] : []))),
    ].filter((r) => !NOT_PAGES.some((p) => p.test(r)));
  }

  /** A real value of the fuzz's world for a route's parameter. */
  function realValue(route: string, name: string): string | undefined {
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

  async function signedIn(who: 'officer' | 'gp', password: string): Promise<BrowserContext> {
    const context = await browser.newContext({
      viewport: { width: WIDTH, height: 640 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    await page.goto(`${origin}/sign-in?next=/cases`);
    await page.locator('#email').fill(world.emailOf(who));
    await page.locator('#password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/cases`);
    await page.close();
    return context;
  }

  /** How wide the page is against the screen, or null when the answer is not an HTML page. */
  async function widthOf(
    page: Page,
    path: string,
  ): Promise<{ status: number; scroll: number; client: number; wide: string[] } | null> {
    // A file served as an attachment is a download, not a page: some Chromium builds (the one in
    // @sparticuz/chromium) refuse the navigation as such, others end it with no page.
    const res = await page.goto(`${origin}${path}`).catch((e: Error) => {
      if (e.message.includes('Download is starting')) return null;
      throw e;
    });
    if (!res || !(res.headers()['content-type'] ?? '').includes('text/html')) return null;
    const [scroll, client] = (await page.evaluate(
      '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
    )) as [number, number];
    // What reaches past the screen's right edge, named, so that a failure says what to fix.
    const wide = (await page.evaluate(`[...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].map((c) => '.' + c).join(''))
      .slice(0, 4)`)) as string[];
    return { status: res.status(), scroll, client, wide };
  }

  it('scrolls no page sideways, staff, public or email link', async () => {
    const officer = await signedIn('officer', FUZZ_PASSWORDS.officer);
    const administrator = await signedIn('gp', FUZZ_PASSWORDS.administrator);
    const anonymous = await browser.newContext({
      viewport: { width: WIDTH, height: 640 },
      bypassCSP: true,
    });
    const pages = {
      officer: await officer.newPage(),
      administrator: await administrator.newPage(),
      anonymous: await anonymous.newPage(),
    };
    const paths = getRoutes().flatMap((route) => {
      const values = [...route.matchAll(/:(\w+)/g)].map((m) => realValue(route, m[1]));
      if (values.some((v) => v === undefined)) return [];
      let i = 0;
      return [{ route, path: route.replace(/:\w+/g, () => encodeURIComponent(values[i++]!)) }];
    });
    const overflowing: string[] = [];
    const measured: string[] = [];
    const widths: string[] = [];
    for (const { route, path } of paths) {
      const signedOut = /^\/(act|sign-in|register)\b/.test(path);
      let seen = await widthOf(signedOut ? pages.anonymous : pages.officer, path);
      if (seen && seen.status === 403 && !signedOut)
        seen = await widthOf(pages.administrator, path);
      if (!seen) continue;
      measured.push(path);
      if (seen.scroll > seen.client) {
        overflowing.push(route);
        widths.push(
          `${path} (${seen.status}): ${seen.scroll} px wide on ${seen.client} px (${seen.wide.join(', ')})`,
        );
      }
    }
    // Whole families of pages measured, not a handful.
    for (const family of [
      '/cases',
      '/meetings',
      '/admin',
      '/directory',
      '/act/',
      '/sign-in',
      '/register',
    ])
      expect([family, measured.some((p) => p.startsWith(family))]).toEqual([family, true]);
    // The widths ride along so that a failure says how wide each page is.
    expect({ routes: [...new Set(overflowing)].sort(), widths }).toEqual({
      routes: [],
      widths: [],
    });
    for (const c of [officer, administrator, anonymous]) await c.close();
  });
});
