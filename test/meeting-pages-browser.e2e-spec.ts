import { ManualClock } from '../libs/core/clock.service';
import { OutboxDeliveryService } from '../libs/notifications/outbox-delivery.service';
import {
  BROWSER_JOURNEY_TIMEOUT_MS,
  clickAndLoad,
  expectAccessible,
} from '../libs/testing/browser.service';
import { jcbMeetingBrowserHarness } from '../libs/testing/jcb-meeting-browser-harness.service';
import { openBcfCaseBody } from '../libs/testing/world.factory';
import request from 'supertest';

/**
 * The meeting pages in Chromium as an officer uses them in the room (JCB, Thu 4 Sep 2025; seed 002:
 * quorate with at least 4 members, 2 from each partner), and axe-core on every page there is no
 * other browser test for: the template chooser and the development mailbox.
 */

jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('meeting pages in a real browser', () => {
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  const t = jcbMeetingBrowserHarness(clock);

  it('runs a JCB meeting from the page: agenda, publication by keyboard alone, attendance, a refused and then a recorded show of hands', async () => {
    const { origin } = t.ready();
    const { signIn, seat } = t;
    // Scheduled, and the agenda published, on Wed 27 Aug; no recorded date may be after today.
    clock.set('2025-08-27T08:00:00Z');
    let officer = await signIn('officer', 'officer-password-1');
    await officer.getByRole('link', { name: 'Meetings', exact: true }).click();
    await officer.waitForURL(`${origin}/meetings`);
    await expectAccessible(officer, '10-meetings');

    // A form sent back with a wrong date shows the error summary and links to the field; with
    // the title left out too, the summary lists both at once, in the form's order.
    await officer
      .getByLabel('Body', { exact: true })
      .nth(1)
      .selectOption({ label: 'Joint Commissioning Board' });
    const meetingDate = officer.getByRole('group', { name: 'Date of the meeting' });
    await meetingDate.getByLabel('Day').fill('4');
    await meetingDate.getByLabel('Month').fill('September');
    await clickAndLoad(officer, officer.getByRole('button', { name: 'Schedule the meeting' }));
    await expect(officer.getByRole('alert').locator('li').allInnerTexts()).resolves.toEqual([
      'The date of the meeting must include a year',
      'Enter a title for the meeting',
    ]);
    await expectAccessible(officer, '11-meetings-error');
    await officer.getByRole('link', { name: /must include a year/ }).click();
    // Only the year is missing: the link goes to the year box.
    await expect(officer.evaluate('document.activeElement.id')).resolves.toBe(
      'schedule-meetingDate-year',
    );
    await expect(meetingDate.getByLabel('Month').inputValue()).resolves.toBe('September');
    await meetingDate.getByLabel('Year').fill('2025');
    await officer.getByLabel('Title').fill('Joint Commissioning Board, 4 September 2025');
    await officer.getByRole('button', { name: 'Schedule the meeting' }).click();
    await officer.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    const meetingUrl = officer.url();
    await expectAccessible(officer, '12-meeting-scheduled');

    // An item with a date that is not one and no title: both listed at once, what was typed kept.
    const reportDate = officer.getByRole('group', {
      name: 'Report published on (if not with the agenda)',
    });
    await reportDate.getByLabel('Day').fill('31');
    await reportDate.getByLabel('Month').fill('2');
    await reportDate.getByLabel('Year').fill('2025');
    await officer.getByRole('group', { name: 'Is it a key decision?' }).getByLabel('No').check();
    await clickAndLoad(officer, officer.getByRole('button', { name: 'Add the item' }));
    await expect(officer.getByRole('alert').locator('li').allInnerTexts()).resolves.toEqual([
      'Enter a title for the agenda item',
      'The date the report was published must be a real date',
    ]);
    await expect(reportDate.getByLabel('Day').inputValue()).resolves.toBe('31');
    await reportDate.getByLabel('Day').fill('');
    await reportDate.getByLabel('Month').fill('');
    await reportDate.getByLabel('Year').fill('');
    await officer.getByLabel('Title').fill('Integrated carers support service contract');
    await officer.getByRole('group', { name: 'Is it a key decision?' }).getByLabel('No').check();
    await officer.getByRole('button', { name: 'Add the item' }).click();
    await officer.waitForURL(new RegExp(`${meetingUrl}\\?done=item#form-item$`));
    await expect(
      officer
        .getByRole('heading', { name: '1. Integrated carers support service contract' })
        .count(),
    ).resolves.toBe(1);

    // Keyboard alone: focus the publication date's day, type it, tab through month and year, submit with Enter.
    await officer
      .getByRole('group', { name: 'Date the agenda and reports were published' })
      .getByLabel('Day')
      .focus();
    await officer.keyboard.type('27');
    await officer.keyboard.press('Tab');
    await officer.keyboard.type('8');
    await officer.keyboard.press('Tab');
    await officer.keyboard.type('2025');
    await officer.keyboard.press('Tab');
    await expect(officer.evaluate('document.activeElement.textContent.trim()')).resolves.toBe(
      'Record publication',
    );
    await officer.keyboard.press('Enter');
    await officer.waitForURL(new RegExp(`${meetingUrl}\\?done=publication#form-publication$`));
    await expect(officer.getByText('Notice rules met').count()).resolves.toBe(1);

    // The meeting's day: attendance and hands are recorded in the room (signed in again that morning).
    clock.set('2025-09-04T09:00:00Z');
    officer = await signIn('officer', 'officer-password-1');
    await officer.goto(meetingUrl);

    // Only three members: not quorate, and the show of hands is refused with the rule's explanation.
    for (const name of ['Cllr Ada Fox', 'Cllr Ben Hart', 'Dr Dev Shah'])
      await seat(officer, name).getByLabel('Present').check();
    for (const name of ['Dr Eve Long', 'Dr Finn Roy'])
      await seat(officer, name).getByLabel('Apologies').check();
    await officer.getByRole('button', { name: 'Record attendance' }).click();
    await officer.waitForURL(new RegExp(`${meetingUrl}\\?done=attendance#form-attendance$`));
    for (const name of ['Cllr Ada Fox', 'Cllr Ben Hart', 'Dr Dev Shah'])
      await seat(officer, name).getByLabel('For').check();
    await clickAndLoad(officer, officer.getByRole('button', { name: 'Record the show of hands' }));
    await expect(officer.getByRole('alert').textContent()).resolves.toMatch(/not quorate/i);
    await expectAccessible(officer, '13-meeting-vote-refused');

    // A substitute takes Dr Long's seat: quorate with 2 CCG members, and consensus is recorded.
    await officer
      .getByLabel("Substitute in Dr Eve Long's seat")
      .selectOption({ label: 'Dr Gus Lee' });
    await officer.getByRole('button', { name: 'Record attendance' }).click();
    await officer.waitForURL(new RegExp(`${meetingUrl}\\?done=attendance#form-attendance$`));
    await expect(officer.getByText('Quorate', { exact: true }).count()).resolves.toBeGreaterThan(0);
    await officer.getByText('Record a declaration of interest').click();
    await officer.getByLabel('Who declares').selectOption({ label: 'Cllr Ben Hart' });
    await officer.getByLabel('Other registrable or non-registrable interest').check();
    await officer.getByLabel('Nature of the interest').fill('Trustee of a carers charity');
    await officer.getByRole('button', { name: 'Record the declaration' }).click();
    // The form posts and comes back to itself: count once the page has returned.
    await officer.waitForURL(/#form-declaration-/);
    await expect(officer.getByText('Trustee of a carers charity').count()).resolves.toBe(1);
    for (const name of ['Cllr Ada Fox', 'Cllr Ben Hart', 'Dr Dev Shah', 'Dr Gus Lee'])
      await seat(officer, name).getByLabel('For').check();
    await officer.getByRole('button', { name: 'Record the show of hands' }).click();
    await officer.waitForURL(new RegExp(`${meetingUrl}\\?done=hands#form-hands-`));
    await expect(officer.locator('.govuk-inset-text').textContent()).resolves.toContain(
      'consensus',
    );
    await expectAccessible(officer, '14-meeting-decided');

    const lead = await signIn('governanceLead', 'lead-password-1');
    await lead.goto(meetingUrl);
    await expect(
      lead
        .getByRole('button')
        .filter({ hasText: /^Record/ })
        .count(),
    ).resolves.toBe(0);
    await expectAccessible(lead, '15-meeting-governance-lead');
  });

  it('has no WCAG 2.2 AA violations on the template chooser and the development mailbox', async () => {
    const { app, origin } = t.ready();
    const world = t.world();
    const { signIn } = t;
    clock.set('2025-08-01T09:00:00Z');
    const officer = await signIn('officer', 'officer-password-1');
    await officer.getByRole('link', { name: 'Open a case' }).click();
    await officer.waitForURL(`${origin}/cases/new`);
    await expectAccessible(officer, '16-template-chooser');

    await request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send(
        openBcfCaseBody(world, {
          dates: {
            submissionDeadline: '2025-11-14',
            notingDeadline: '2025-12-16',
            expectedAssuranceDate: '2026-01-09',
          },
        }),
      )
      .expect(201)
      .then((r) =>
        request(app.getHttpServer())
          .post(`/api/cases/${(r.body as { id: string }).id}/events`)
          .set('Authorization', `Bearer ${world.keys.officer}`)
          .send({ type: 'SEEK_AGREEMENT', payload: {}, expectedVersion: 1 })
          .expect(200),
      );
    clock.set('2025-08-01T09:05:00Z');
    await app.get(OutboxDeliveryService).deliverDue();
    await officer.goto(`${origin}/dev/mailbox`);
    await expect(
      officer.getByRole('link', { name: /Your agreement is needed/ }).count(),
    ).resolves.toBeGreaterThan(0);
    await expectAccessible(officer, '17-dev-mailbox');
    await officer
      .getByRole('link', { name: /Your agreement is needed/ })
      .first()
      .click();
    await officer.waitForURL(/\/dev\/mailbox\/.+/);
    await expect(officer.getByRole('link', { name: /\/act\// }).count()).resolves.toBe(1);
    await expectAccessible(officer, '18-dev-mailbox-message');
  });
});
