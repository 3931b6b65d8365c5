import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { DevMailbox } from '../libs/notifications/dev-mailbox.service';
import { OutboxDeliveryService } from '../libs/notifications/outbox-delivery.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import {
  expectAccessible,
  launchChromium,
  BROWSER_JOURNEY_TIMEOUT_MS,
} from '../libs/testing/browser.service';
import { buildJcbWorld, type JcbWorld } from '../libs/testing/jcb-world.factory';
import { HttpCases } from '../libs/testing/http-cases.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { openBcfCaseBody } from '../libs/testing/world.factory';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * The meeting pages in Chromium as an officer uses them in the room (JCB, Thu 4 Sep 2025; seed 002:
 * quorate with at least 4 members, 2 from each partner), and axe-core on every page there is no
 * other browser test for: the template chooser and the development mailbox.
 */

jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('meeting pages in a real browser', () => {
  let db: TestDatabase;
  let world: JcbWorld;
  let mailbox: DevMailbox;
  let mailboxDir: string;
  let app: INestApplication;
  let browser: Browser;
  let origin: string;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildJcbWorld(db.ds);
    for (const [personId, role, password] of [
      [world.ids.people.officer, 'officer', 'officer-password-1'],
      [world.ids.people.governanceLead, 'governance_lead', 'lead-password-1'],
    ] as const)
      await StaffAuthService.createAccount(db.ds, {
        tenantId: world.tenantId,
        personId,
        role,
        password,
        at: clock.now(),
      });
    mailboxDir = mkdtempSync(join(tmpdir(), 'ratify-mailbox-'));
    mailbox = new DevMailbox(mailboxDir);
    const port = await freePort();
    await mailbox.start(port);
    app = await buildTestApp(
      db.ds,
      clock,
      { SMTP_URL: `smtp://127.0.0.1:${port}` },
      { devMailbox: mailbox },
    );
    await app.listen(0, '127.0.0.1');
    origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await mailbox?.stop();
    rmSync(mailboxDir, { recursive: true, force: true });
    await db?.drop();
  });

  async function signIn(key: 'officer' | 'governanceLead', password: string): Promise<Page> {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${origin}/sign-in`);
    await page.getByLabel('Email address', { exact: true }).fill(world.emailOf(key));
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/cases`);
    return page;
  }

  const seat = (page: Page, name: string) => page.getByRole('group', { name, exact: false });

  it('runs a JCB meeting from the page: agenda, publication by keyboard alone, attendance, a refused and then a recorded show of hands', async () => {
    // Scheduled, and the agenda published, on Wed 27 Aug; no recorded date may be after today.
    clock.set('2025-08-27T08:00:00Z');
    let officer = await signIn('officer', 'officer-password-1');
    await officer.getByRole('link', { name: 'Meetings', exact: true }).click();
    await officer.waitForURL(`${origin}/meetings`);
    await expectAccessible(officer, '10-meetings');

    // A form sent back with a wrong date shows the error summary and links to the field.
    await officer
      .getByLabel('Body', { exact: true })
      .nth(1)
      .selectOption({ label: 'Joint Commissioning Board' });
    const meetingDate = officer.getByRole('group', { name: 'Date of the meeting' });
    await meetingDate.getByLabel('Day').fill('4');
    await meetingDate.getByLabel('Month').fill('September');
    await officer.getByLabel('Title').fill('Joint Commissioning Board, 4 September 2025');
    await officer.getByRole('button', { name: 'Schedule the meeting' }).click();
    await expect(officer.getByRole('alert').textContent()).resolves.toContain(
      'The date of the meeting must include a year',
    );
    await expectAccessible(officer, '11-meetings-error');
    await officer.getByRole('link', { name: /must include a year/ }).click();
    await expect(officer.evaluate('document.activeElement.id')).resolves.toBe(
      'schedule-meetingDate-day',
    );
    await expect(meetingDate.getByLabel('Month').inputValue()).resolves.toBe('September');
    await meetingDate.getByLabel('Year').fill('2025');
    await officer.getByRole('button', { name: 'Schedule the meeting' }).click();
    await officer.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    const meetingUrl = officer.url();
    await expectAccessible(officer, '12-meeting-scheduled');

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
    await officer.getByRole('button', { name: 'Record the show of hands' }).click();
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

  it('takes a JCB decision from the show of hands on the meeting page to the public register, every page on the way accessible', async () => {
    const keyOf = (who: string) =>
      who === 'officer' ? world.keys.officer : (world.jcbKeys as Record<string, string>)[who];
    const cases = new HttpCases(() => app, keyOf);
    const officerKey = { Authorization: `Bearer ${world.keys.officer}` };
    clock.set('2025-08-01T10:00:00Z');
    const opened = await cases.open({
      template: 'jcb-delegated-decision',
      title: 'Integrated carers support service contract',
      dates: { meetingDate: '2025-09-04' },
      roles: world.jcbRoles,
    });
    // New cases open on version 5: the Board's quorum and consensus blocs from the directory.
    expect(opened.template.version).toBe(5);
    const scheduled = await request(app.getHttpServer())
      .post('/api/meetings')
      .set(officerKey)
      .send({
        body: world.ids.bodies.jcb,
        meetingDate: '2025-09-04',
        title: 'JCB, 4 September 2025 (decision)',
      })
      .expect(201);
    const meetingId = (scheduled.body as { id: string }).id;
    // The meeting's day: the agenda was published on 22 August, the room's record is taken today.
    clock.set('2025-09-04T09:00:00Z');
    await request(app.getHttpServer())
      .post(`/api/meetings/${meetingId}/publication`)
      .set(officerKey)
      .send({ agendaPublishedOn: '2025-08-22' })
      .expect(200);
    await request(app.getHttpServer())
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(officerKey)
      .send(
        ['cab1', 'cab2', 'cab3', 'ccg1', 'ccg2', 'ccg3'].map((k) => ({
          personId: world.id(k),
          status: 'present',
        })),
      )
      .expect(200);

    // The officer puts the case on the agenda and records the show of hands in the room.
    const officer = await signIn('officer', 'officer-password-1');
    await officer.goto(`${origin}/meetings/${meetingId}`);
    await officer.getByLabel('Title').fill('Integrated carers support service contract');
    await officer
      .getByLabel('Case the item decides (optional)')
      .selectOption({ label: 'Integrated carers support service contract' });
    await officer.getByRole('group', { name: 'Is it a key decision?' }).getByLabel('Yes').check();
    const forwardPlan = officer.getByRole('group', {
      name: 'Forward plan notice published on (key decisions)',
    });
    await forwardPlan.getByLabel('Day').fill('1');
    await forwardPlan.getByLabel('Month').fill('7');
    await forwardPlan.getByLabel('Year').fill('2025');
    await officer.getByRole('button', { name: 'Add the item' }).click();
    await officer.waitForURL(/#form-item$/);
    for (const name of [
      'Cllr Ada Fox',
      'Cllr Ben Hart',
      'Cllr Cara Moss',
      'Dr Dev Shah',
      'Dr Eve Long',
      'Dr Finn Roy',
    ])
      await seat(officer, name).getByLabel('For').check();
    await officer.getByRole('button', { name: 'Record the show of hands' }).click();
    await officer.waitForURL(/#form-hands-/);
    await officer
      .getByRole('link', { name: 'Case: Integrated carers support service contract' })
      .click();
    await officer.waitForURL(`${origin}/cases/${opened.id}`);
    const afterMeeting = await cases.read(opened.id);
    expect(afterMeeting.state.key).toBe('draftingDecision');
    await expectAccessible(officer, '19-case-after-meeting');

    // The officer drafts the decision from the report on the case page, on the meeting day.
    clock.set('2025-09-04T15:00:00Z');
    // A month on, the morning's session has long expired: the officer signs in again.
    const drafter = await signIn('officer', 'officer-password-1');
    await drafter.goto(`${origin}/cases/${opened.id}`);
    await drafter
      .getByLabel('Decision', { exact: true })
      .fill('Award the integrated carers support contract to Carers Together CIC');
    await drafter
      .getByLabel('Reasons for the decision', { exact: true })
      .fill('Best quality and price in the tender; supported by both partners');
    await drafter
      .getByLabel('Alternatives considered and rejected')
      .fill('Extend the current contracts\nBring the service in house');
    await drafter.getByLabel('Sum committed').fill('£1,500,000');
    await drafter
      .getByRole('group', { name: 'The decision maker acts as' })
      .getByLabel('A Cabinet member')
      .check();
    await drafter.getByRole('button', { name: 'Draft the decision' }).click();
    await drafter.getByRole('heading', { name: 'Check your answers' }).waitFor();
    await drafter.getByRole('button', { name: 'Confirm and draft the decision' }).click();
    await drafter.waitForURL(`${origin}/cases/${opened.id}?done=DRAFT_DECISION`);
    await expect(
      drafter
        .locator('.govuk-notification-banner--success')
        .getByRole('heading', { name: 'The decision was drafted for the decision maker' })
        .count(),
    ).resolves.toBe(1);
    await expect(
      drafter.getByText('Decision drafted: awaiting the decision maker’s answer').count(),
    ).resolves.toBeGreaterThan(0);
    // Drafting again asks first: without the confirmation nothing is replaced and nobody is emailed again.
    await expect(
      drafter.getByText('A drafted decision is already with the decision maker').count(),
    ).resolves.toBe(1);
    const draftedVersion = (await cases.read(opened.id)).version;
    await drafter.getByRole('button', { name: 'Draft the decision' }).click();
    await drafter.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expect(
      drafter
        .getByRole('link', {
          name: 'Confirm: replace the draft and email the decision maker again',
        })
        .count(),
    ).resolves.toBe(1);
    await expect(cases.read(opened.id)).resolves.toMatchObject({ version: draftedVersion });

    // The decision maker takes the decision from the emailed link; both sign the notice the same way.
    const answerFromEmail = async (
      to: string,
      subject: RegExp,
      screenshot: string,
      shown: string[] = [],
    ) => {
      await app.get(OutboxDeliveryService).deliverDue();
      const entries = (await mailbox.list()).filter(
        (e) => e.to.includes(to) && subject.test(e.subject),
      );
      expect(entries.length).toBeGreaterThan(0);
      const message = await mailbox.read(entries[entries.length - 1].id);
      const path = /https?:\/\/[^/\s]+(\/act\/[A-Za-z0-9_-]{43})/.exec(message!.text)![1];
      const member = await (await browser.newContext({ bypassCSP: true })).newPage();
      await member.goto(`${origin}${path}`);
      await expectAccessible(member, screenshot);
      // What they are asked to agree is on the page, not only in the officer's system.
      for (const text of shown)
        await expect(member.getByText(text).count()).resolves.toBeGreaterThan(0);
      // Taking the decision and signing the notice need a step-up first (ADR 0016): the council has
      // no sign-in of its own set up here, so a code emailed separately, read from the mailbox.
      await member.getByRole('button', { name: 'Email me a code' }).click();
      await member.getByRole('heading', { name: 'Enter the code we emailed you' }).waitFor();
      const codes = (await mailbox.list()).filter(
        (e) => e.to.includes(to) && e.subject === 'Your code to confirm who you are',
      );
      const codeMail = await mailbox.read(codes[0].id);
      await member.getByLabel('Code').fill(/Your code is (\d{6})/.exec(codeMail!.text)![1]);
      await member.getByRole('button', { name: 'Confirm the code' }).click();
      await member.getByText('You confirmed who you are with a code emailed to').waitFor();
      await member.getByLabel('I approve', { exact: true }).check();
      await member.getByRole('button', { name: 'Confirm my answer' }).click();
      // The answer posts to the same address: wait for the receipt's heading itself.
      await member.getByRole('heading', { level: 1, name: /Your answer is recorded/ }).waitFor();
      return member;
    };
    const cab1Email = world.emailOf('cab1');
    const properEmail = world.emailOf('proper');
    await answerFromEmail(cab1Email, /Your decision is needed/, '19a-decision-link', [
      'Award the integrated carers support contract to Carers Together CIC',
      '£1,500,000',
    ]);
    await answerFromEmail(
      properEmail,
      /Your signature is needed on the Decision Notice/,
      '19b-notice-link',
      ['Decided on', '2025-09-04'],
    );
    await answerFromEmail(
      cab1Email,
      /Your signature is needed on the Decision Notice/,
      '19c-notice-link',
    );
    const signed = await cases.read(opened.id);
    expect(signed.state.key).toBe('awaitingPublication');
    expect((signed.context as { decision: { decidedOn: string } }).decision.decidedOn).toBe(
      '2025-09-04',
    );
    clock.set('2025-09-05T09:00:00Z');
    await cases.act(signed, 'officer', 'RECORD_PUBLICATION', { publishedOn: '2025-09-05' });
    const [{ slug }]: { slug: string }[] = await db.ds.query(
      'SELECT slug FROM tenants WHERE tenant_id = $1',
      [world.tenantId],
    );
    const publicContext = await browser.newContext({ bypassCSP: true });
    const visitor = await publicContext.newPage();
    await visitor.goto(`${origin}/register/${slug}`);
    await visitor.getByRole('link', { name: 'Integrated carers support service contract' }).click();
    await visitor.waitForURL(`${origin}/register/${slug}/${opened.id}`);
    await expect(visitor.getByText('Carers Together CIC').count()).resolves.toBeGreaterThan(0);
    await expectAccessible(visitor, '20-register-notice');
    const printable = await (
      await browser.newContext({ bypassCSP: true, extraHTTPHeaders: officerKey })
    ).newPage();
    await printable.goto(`${origin}/api/cases/${opened.id}/decision-notice.html`);
    await expectAccessible(printable, '21-decision-notice-printable');

    // The pages that say no: another role's page, and a meeting that is not there.
    const lead = await signIn('governanceLead', 'lead-password-1');
    await lead.goto(`${origin}/cases/new`);
    await expect(lead.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(
      /permission|not allowed|cannot/i,
    );
    await expectAccessible(lead, '22-forbidden');
    await lead.goto(`${origin}/meetings/00000000-0000-4000-8000-000000000000`);
    await expectAccessible(lead, '23-not-found');
  });
});
