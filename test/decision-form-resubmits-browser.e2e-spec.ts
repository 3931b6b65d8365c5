import type { INestApplication } from '@nestjs/common';
import type { Locator, Page, Route } from 'playwright-core';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import {
  axeViolations,
  BROWSER_JOURNEY_TIMEOUT_MS,
  clickAndLoad,
} from '../libs/testing/browser.service';
import { MACHINE } from '../libs/testing/keyboard-in-page.service';
import { mailboxAppHarness } from '../libs/testing/mailbox-app-harness.service';
import { STAFF, staffWorld } from '../libs/testing/staff-page-client.service';
import type { TestDatabase } from '../libs/testing/test-database.service';
import { openBcfCaseBody, type BcfWorld } from '../libs/testing/world.factory';

/*
 * What people do to a decision form that no form test did (the officer's "Record the submission"
 * on a BCF plan, in Chromium): go back after it was recorded and send it again, and send it from a
 * second tab after the first changed the case.
 * Each records the decision once and tells the person what happened in words; a refused form
 * keeps what was typed.
 */
jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('a decision form sent again after going back, and from two tabs, in Chromium', () => {
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));
  const h = mailboxAppHarness({ clock, browser: true });
  let db: TestDatabase;
  let app: INestApplication;
  let origin: string;
  beforeAll(() => ({ db, app, origin } = h.ready()));

  /** A BCF plan approved under delegation and waiting for its submission (version 5), in December 2021. */
  async function readyToSubmit(w: BcfWorld): Promise<string> {
    clock.set('2021-10-01T09:00:00Z');
    const opened = await request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${w.keys.officer}`)
      .send(openBcfCaseBody(w))
      .expect(201);
    const id = opened.body.id as string;
    for (const [who, type, version] of [
      ['officer', 'SEEK_AGREEMENT', 1],
      ['ceo', 'AGREE', 2],
      ['ao', 'AGREE', 3],
      ['chair', 'APPROVE', 4],
    ] as const)
      await request(app.getHttpServer())
        .post(`/api/cases/${id}/events`)
        .set('Authorization', `Bearer ${w.keys[who]}`)
        .send({ type, expectedVersion: version })
        .expect(200);
    // Recorded dates may not be after today: the submission is recorded in December.
    clock.set('2021-12-02T10:00:00Z');
    return id;
  }

  const recorded = async (id: string, type: string) =>
    (
      (await db.ds.query(
        'SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = $2',
        [id, type],
      )) as { n: number }[]
    )[0].n;

  const formOf = (page: Page, id: string, type: string) =>
    page.locator(`form[action="/cases/${id}/events/${type}"]`);

  async function fillDate(form: Locator, field: string, day: string, month: string, year: string) {
    await form.locator(`input[name="${field}-day"]`).fill(day);
    await form.locator(`input[name="${field}-month"]`).fill(month);
    await form.locator(`input[name="${field}-year"]`).fill(year);
  }

  async function caseOpenToSubmit() {
    const w = await staffWorld(db.ds, clock);
    const id = await readyToSubmit(w);
    const page = await h.signIn(w.emailOf('officer'), STAFF.officer.password);
    await page.goto(`${origin}/cases/${id}`);
    const form = formOf(page, id, 'RECORD_SUBMISSION');
    await fillDate(form, 'submittedOn', '16', '11', '2021');
    await form.locator('input[name="reference"]').fill('BCF-SOU-0042');
    return { w, id, page, form };
  }

  const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

  /** The page after the form was sent again: the step recorded once, when and by whom, in words. */
  async function toldRecordedOnce(page: Page, id: string) {
    await page.waitForURL(`${origin}/cases/${id}?done=RECORD_SUBMISSION&again=yes`);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
      'The plan’s submission was recorded on Thursday 2 December 2021 at 10:00am by you. The form was sent again; it was recorded once.',
    );
    await expect(page.locator('.govuk-error-summary').count()).resolves.toBe(0);
    expect(await mainText(page)).not.toMatch(MACHINE);
    expect(await axeViolations(page)).toEqual([]);
  }

  it('shows the case as it is on going back after a decision, and records once a kept copy sent again', async () => {
    const { id, page, form } = await caseOpenToSubmit();
    // The form page as a browser that keeps pages for the back button would keep it, filled in.
    // (What was typed kept as the fields' values, as a browser keeps a page's form state.)
    await page.evaluate(
      `document.querySelectorAll('input').forEach((i) => i.setAttribute('value', i.value))`,
    );
    const kept = await page.content();
    await clickAndLoad(page, form.getByRole('button', { name: 'Record the submission' }));
    await page.waitForURL(`${origin}/cases/${id}?done=RECORD_SUBMISSION`);
    // Chromium asks again for a page sent with no-store: the case as it is, no form for the step.
    await page.goBack();
    await page.waitForURL(`${origin}/cases/${id}`);
    await expect(form.count()).resolves.toBe(0);
    await expect(mainText(page)).resolves.toContain(
      'Submitted: awaiting the regional assurance outcome',
    );
    // A browser that kept the filled-in page instead (its back-forward cache): sent again, recorded once.
    await page.goForward();
    // Served once, the route kept until the page has loaded. A route of `times: 1` removes itself,
    // switching Chromium's interception off while the kept page's stylesheets and diagram may be
    // on their way; once in CI that page's load never came (not reproduced here).
    let served = false;
    const keptOnce = (route: Route) => {
      if (served) return route.continue();
      served = true;
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: kept });
    };
    await page.route(`${origin}/cases/${id}`, keptOnce);
    await page.goBack();
    await page.unroute(`${origin}/cases/${id}`, keptOnce);
    expect(served).toBe(true);
    await expect(form.locator('input[name="reference"]').inputValue()).resolves.toBe(
      'BCF-SOU-0042',
    );
    await clickAndLoad(page, form.getByRole('button', { name: 'Record the submission' }));
    await toldRecordedOnce(page, id);
    expect(await recorded(id, 'RECORD_SUBMISSION')).toBe(1);
  });

  it('refuses the second tab’s form in words when the first changed the case, keeping what was typed', async () => {
    const { id, page: first, form: submission } = await caseOpenToSubmit();
    await clickAndLoad(first, submission.getByRole('button', { name: 'Record the submission' }));
    // Both tabs hold the case after its submission (version 6): one to record the assurance
    // outcome, the other the HWBB's noting.
    const second = await first.context().newPage();
    await second.goto(`${origin}/cases/${id}`);
    const assurance = formOf(second, id, 'RECORD_ASSURANCE');
    await assurance.getByLabel('Approved', { exact: true }).check();
    await fillDate(assurance, 'receivedOn', '1', '12', '2021');
    await assurance.locator('textarea[name="reasons"]').fill('Assured by the regional team');
    const noting = formOf(first, id, 'RECORD_NOTING');
    await fillDate(noting, 'meetingDate', '1', '12', '2021');
    await noting.locator('input[name="minuteReference"]').fill('HWBB minute 12');
    await clickAndLoad(
      first,
      noting.getByRole('button', { name: 'Record the HWBB noting the approval' }),
    );
    await first.waitForURL(`${origin}/cases/${id}?done=RECORD_NOTING`);

    await clickAndLoad(
      second,
      assurance.getByRole('button', { name: 'Record the assurance outcome' }),
    );
    const summary = second.locator('.govuk-error-summary');
    await expect(summary.textContent()).resolves.toContain(
      'This case was changed after you opened this page (the HWBB’s noting of the approval was recorded on Thursday 2 December 2021 at 10:00am by you), so nothing was recorded: check it as it is now; what you typed is below, so send it again if it is still right.',
    );
    await expect(summary.locator('a').getAttribute('href')).resolves.toBe('#form-RECORD_ASSURANCE');
    expect(await mainText(second)).not.toMatch(MACHINE);
    expect(await axeViolations(second)).toEqual([]);
    expect(await recorded(id, 'RECORD_ASSURANCE')).toBe(0);
    // Nothing lost: the form as typed, at the case's version now, taken when sent again.
    await expect(assurance.getByLabel('Approved', { exact: true }).isChecked()).resolves.toBe(true);
    await expect(assurance.locator('input[name="receivedOn-day"]').inputValue()).resolves.toBe('1');
    await expect(assurance.locator('textarea[name="reasons"]').inputValue()).resolves.toBe(
      'Assured by the regional team',
    );
    await clickAndLoad(
      second,
      assurance.getByRole('button', { name: 'Record the assurance outcome' }),
    );
    await second.waitForURL(`${origin}/cases/${id}?done=RECORD_ASSURANCE`);
    expect(await recorded(id, 'RECORD_ASSURANCE')).toBe(1);
    expect(await recorded(id, 'RECORD_NOTING')).toBe(1);
  });
});
