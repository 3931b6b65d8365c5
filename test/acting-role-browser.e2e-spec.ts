import type { INestApplication } from '@nestjs/common';
import { ManualClock } from '../libs/core/clock.service';
import {
  axeViolations,
  BROWSER_JOURNEY_TIMEOUT_MS,
  clickAndLoad,
} from '../libs/testing/browser.service';
import { mailboxAppHarness } from '../libs/testing/mailbox-app-harness.service';
import { EIA_2017 } from '../libs/testing/pharmacy-notification-2017.fixture';
import { STAFF } from '../libs/testing/staff-page-client.service';
import type { TestDatabase } from '../libs/testing/test-database.service';
import * as words from '../libs/workflows/template-words.registry';
import { findTemplate } from '../libs/workflows/template.registry';
import { pharmacyCaseWithOfficerAsDph } from '../libs/testing/officer-as-dph.factory';

/*
 * An officer who also holds the Director of Public Health's office, recording a pharmacy
 * consolidation's EIA on the case page (in Chromium): both roles take the step, so the engine
 * refuses it as ambiguous. The page asks which role, each by its label, keeping what was typed,
 * and records the step in the role chosen; a role not offered is refused on the same page.
 */
jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('a step two of a person’s roles may take, sent from the case page in Chromium', () => {
  const clock = new ManualClock(new Date('2017-08-29T09:00:00Z'));
  const h = mailboxAppHarness({ clock, browser: true });
  let db: TestDatabase;
  let app: INestApplication;
  let origin: string;
  beforeAll(() => ({ db, app, origin } = h.ready()));

  const roles = findTemplate('pharmacy-consolidation-representation', 1)!.roles;

  async function caseWithOfficerAsDph() {
    const { w, id } = await pharmacyCaseWithOfficerAsDph(db.ds, clock, app);
    const page = await h.signIn(w.emailOf(STAFF.officer.personKey), STAFF.officer.password);
    await page.goto(`${origin}/cases/${id}`);
    const form = page.locator(`form[action="/cases/${id}/events/RECORD_EIA"]`);
    const [year, month, day] = EIA_2017.recordedOn.split('-');
    await form.locator('input[name="recordedOn-day"]').fill(String(Number(day)));
    await form.locator('input[name="recordedOn-month"]').fill(String(Number(month)));
    await form.locator('input[name="recordedOn-year"]').fill(year);
    await form.locator('input[name="documentName"]').fill(EIA_2017.documentName);
    await form.locator('[name="summary"]').fill(EIA_2017.summary);
    await clickAndLoad(page, form.locator('button.govuk-button'));
    return { id, page, form };
  }

  const recordedAs = async (id: string) =>
    (
      (await db.ds.query(
        `SELECT authority->>'role' AS role FROM case_events WHERE case_id = $1 AND type = 'RECORD_EIA'`,
        [id],
      )) as { role: string }[]
    ).map((r) => r.role);

  it('asks which role by each one’s label, what was typed kept, and records the step in the role chosen', async () => {
    const { id, page, form } = await caseWithOfficerAsDph();

    const summary = page.locator('.govuk-error-summary');
    await expect(summary.locator('a[href="#RECORD_EIA-as"]').textContent()).resolves.toContain(
      'Select which role you are acting in',
    );
    await expect(page.locator('#RECORD_EIA-as').count()).resolves.toBe(1);
    const question = form.locator('fieldset', { hasText: 'Which role are you acting in?' });
    await expect(question.locator('input[type="radio"]').count()).resolves.toBe(2);
    await expect(question.getByLabel(roles.officer.label, { exact: true }).count()).resolves.toBe(
      1,
    );
    await expect(question.getByLabel(roles.dph.label, { exact: true }).count()).resolves.toBe(1);
    // The keys are the radios' values, never words on the page.
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).not.toMatch(/\bdph\b|\bas officer\b|"as"/);
    await expect(form.locator('input[name="documentName"]').inputValue()).resolves.toBe(
      EIA_2017.documentName,
    );
    expect(await axeViolations(page)).toEqual([]);
    expect(await recordedAs(id)).toEqual([]);

    await question.getByLabel(roles.dph.label, { exact: true }).check();
    await clickAndLoad(page, form.locator('button.govuk-button'));
    await page.waitForURL(`${origin}/cases/${id}?done=RECORD_EIA`);
    expect(await recordedAs(id)).toEqual(['dph']);
  });

  it('shows the role chosen on the check page, its Change back at the question with the role checked', async () => {
    // No released template has a step two roles take whose words say checkFirst: the EIA's words
    // are given checkFirst here (test/acting-role-pages.e2e-spec.ts does so over HTTP).
    const real = words.eventWords;
    const spy = jest
      .spyOn(words, 'eventWords')
      .mockImplementation((t, type) =>
        t.id === 'pharmacy-consolidation-representation' && type === 'RECORD_EIA'
          ? { ...real(t, type), checkFirst: true }
          : real(t, type),
      );
    try {
      const { id, page, form } = await caseWithOfficerAsDph();
      // The first check page (no role asked yet), confirmed: refused as ambiguous, the question asked.
      await clickAndLoad(page, page.getByRole('button', { name: /^Confirm and / }));
      const question = form.locator('fieldset', { hasText: 'Which role are you acting in?' });
      await question.getByLabel(roles.dph.label, { exact: true }).check();
      await clickAndLoad(page, form.locator('button.govuk-button'));

      const row = page.locator('.govuk-summary-list__row', { hasText: 'Acting as' });
      await expect(row.locator('.govuk-summary-list__value').textContent()).resolves.toContain(
        roles.dph.label,
      );
      expect(await axeViolations(page)).toEqual([]);
      await clickAndLoad(
        page,
        row.getByRole('button', { name: 'Change the role you are acting in' }),
      );
      expect(page.url()).toBe(`${origin}/cases/${id}/events/RECORD_EIA#RECORD_EIA-as`);
      await expect(question.getByLabel(roles.dph.label, { exact: true }).isChecked()).resolves.toBe(
        true,
      );
      expect(await recordedAs(id)).toEqual([]);

      await clickAndLoad(page, form.locator('button.govuk-button'));
      await clickAndLoad(page, page.getByRole('button', { name: /^Confirm and / }));
      await page.waitForURL(`${origin}/cases/${id}?done=RECORD_EIA`);
      expect(await recordedAs(id)).toEqual(['dph']);
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses a role that was not offered on the same page, recording nothing', async () => {
    const { id, page, form } = await caseWithOfficerAsDph();
    // A radio's value changed in the page: a role the step does not take.
    await form
      .locator('input[name="as"]')
      .first()
      .evaluate((r) => r.setAttribute('value', 'hwbbChair'));
    await form.locator('input[name="as"]').first().check();
    await clickAndLoad(page, form.locator('button.govuk-button'));

    expect(page.url()).toBe(`${origin}/cases/${id}/events/RECORD_EIA`);
    await expect(
      page.locator('.govuk-error-summary a[href="#RECORD_EIA-as"]').textContent(),
    ).resolves.toContain('Select which role you are acting in');
    await expect(form.locator('input[name="as"]').count()).resolves.toBe(2);
    expect(await axeViolations(page)).toEqual([]);
    expect(await recordedAs(id)).toEqual([]);
  });
});
