import type { INestApplication } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { ManualClock } from '../libs/core/clock.service';
import { BROWSER_JOURNEY_TIMEOUT_MS, launchChromium } from '../libs/testing/browser.service';
import { buildCrawlWorld, type CrawlWorld } from '../libs/testing/crawl-world.factory';
import { KEYBOARD_CASE_FORMS } from '../libs/testing/keyboard-case-forms.factory';
import { KEYBOARD_DIRECTORY_FORMS } from '../libs/testing/keyboard-directory-forms.factory';
import { KEYBOARD_FORMS } from '../libs/testing/keyboard-forms.factory';
import { KEYBOARD_MEETING_FORMS } from '../libs/testing/keyboard-meeting-forms.factory';
import { KEYBOARD_MORE_FORMS } from '../libs/testing/keyboard-more-forms.factory';
import { runKeyboardRows } from '../libs/testing/keyboard-runner.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, type TestDatabase } from '../libs/testing/test-database.service';

/*
 * Every type of form filled in with the keyboard alone (issue #12, Tests: keyboard-only on each
 * form type), in Chromium with the pages' own Content-Security-Policy, as
 * libs/testing/keyboard-runner.service.ts does it: Tab reaches each field and the button with the
 * GOV.UK focus style, keys fill them in, Enter submits; a refused form comes back with the GOV.UK
 * error summary focused, each error in people's words linked to its field, what was typed kept; an
 * accepted one leads to the page that says so; every page a form leads to passes axe (WCAG 2.2 AA),
 * the refused forms' pages, which the crawl never opens, among them. The forms, their values and what each leads to:
 * libs/testing/keyboard-directory-forms.factory.ts, keyboard-forms.factory.ts,
 * keyboard-meeting-forms.factory.ts, keyboard-more-forms.factory.ts and
 * keyboard-case-forms.factory.ts, in that order (the decision's and the emailed links' forms:
 * test/keyboard-decision-forms-browser).
 */
jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS * 4);
describe('every type of form with the keyboard alone, in Chromium', () => {
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  let db: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let world: CrawlWorld;
  let origin: string;
  let organisation: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    world = await buildCrawlWorld(db.ds, app, clock);
    [{ name: organisation }] = await db.ds.query('SELECT name FROM organisations WHERE id = $1', [
      world.crawl.organisation,
    ]);
    await app.listen(0, '127.0.0.1');
    origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  it('reaches every field and button with Tab, fills each form in, and shows where the focus is', async () => {
    const run = { browser, origin, world, clock, organisation, name: 'keyboard', axe: true };
    const places = {
      linkOf: () => Promise.reject(new Error('these rows open no link an earlier row emailed')),
      officerDecisionToPublish: () => {
        throw new Error('these rows publish no officer decision');
      },
    };
    const rows = [
      ...KEYBOARD_DIRECTORY_FORMS,
      ...KEYBOARD_FORMS,
      ...KEYBOARD_MEETING_FORMS,
      ...KEYBOARD_MORE_FORMS,
      ...KEYBOARD_CASE_FORMS,
    ];
    expect(await runKeyboardRows({ ...run, places }, rows)).toEqual([]);
  });
});
