import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { ManualClock } from '../libs/engine/clock.service';
import { DevMailbox } from '../libs/notifications/dev-mailbox.service';
import { OutboxDeliveryService } from '../libs/notifications/outbox-delivery.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { expectAccessible, launchChromium } from '../libs/testing/browser.service';
import { withJcbMembers } from '../libs/testing/jcb-members.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

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
describe('meeting pages in a real browser', () => {
  let db: TestDatabase;
  let world: BcfWorld;
  let mailbox: DevMailbox;
  let mailboxDir: string;
  let app: INestApplication;
  let browser: Browser;
  let origin: string;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildBcfWorld(db.ds, { tweak: withJcbMembers });
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

  const emailOf = async (key: string) =>
    (
      (await db.ds.query('SELECT email FROM people WHERE id = $1', [world.ids.people[key]])) as {
        email: string;
      }[]
    )[0].email;

  async function signIn(key: 'officer' | 'governanceLead', password: string): Promise<Page> {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${origin}/sign-in`);
    await page.getByLabel('Email address').fill(await emailOf(key));
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/cases`);
    return page;
  }

  const seat = (page: Page, name: string) => page.getByRole('group', { name, exact: false });

  it('runs a JCB meeting from the page: agenda, publication by keyboard alone, attendance, a refused and then a recorded show of hands', async () => {
    const officer = await signIn('officer', 'officer-password-1');
    await officer.getByRole('link', { name: 'Meetings', exact: true }).click();
    await officer.waitForURL(`${origin}/meetings`);
    await expectAccessible(officer, '10-meetings');

    // A form sent back with a wrong date shows the error summary and links to the field.
    await officer
      .getByLabel('Body', { exact: true })
      .nth(1)
      .selectOption({ label: 'Joint Commissioning Board' });
    await officer.getByLabel('Date of the meeting').fill('4 September');
    await officer.getByLabel('Title').fill('Joint Commissioning Board, 4 September 2025');
    await officer.getByRole('button', { name: 'Schedule the meeting' }).click();
    await expect(officer.getByRole('alert').textContent()).resolves.toContain('YYYY-MM-DD');
    await expectAccessible(officer, '11-meetings-error');
    await officer.getByRole('link', { name: /YYYY-MM-DD/ }).click();
    await expect(officer.evaluate('document.activeElement.id')).resolves.toBe(
      'schedule-meetingDate',
    );
    await officer.getByLabel('Date of the meeting').fill('2025-09-04');
    await officer.getByRole('button', { name: 'Schedule the meeting' }).click();
    await officer.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    const meetingUrl = officer.url();
    await expectAccessible(officer, '12-meeting-scheduled');

    await officer.getByLabel('Title').fill('Integrated carers support service contract');
    await officer.getByRole('group', { name: 'Is it a key decision?' }).getByLabel('No').check();
    await officer.getByRole('button', { name: 'Add the item' }).click();
    await officer.waitForURL(new RegExp(`${meetingUrl}#form-item$`));
    await expect(
      officer
        .getByRole('heading', { name: '1. Integrated carers support service contract' })
        .count(),
    ).resolves.toBe(1);

    // Keyboard alone: focus the publication date, type it, submit with Enter.
    await officer.getByLabel('Date the agenda and reports were published').focus();
    await officer.keyboard.type('2025-08-27');
    await officer.keyboard.press('Tab');
    await expect(officer.evaluate('document.activeElement.textContent.trim()')).resolves.toBe(
      'Record publication',
    );
    await officer.keyboard.press('Enter');
    await officer.waitForURL(new RegExp(`${meetingUrl}#form-publication$`));
    await expect(officer.getByText('Notice rules met').count()).resolves.toBe(1);

    // Only three members: not quorate, and the show of hands is refused with the rule's explanation.
    for (const name of ['Cllr Ada Fox', 'Cllr Ben Hart', 'Dr Dev Shah'])
      await seat(officer, name).getByLabel('Present').check();
    for (const name of ['Dr Eve Long', 'Dr Finn Roy'])
      await seat(officer, name).getByLabel('Apologies').check();
    await officer.getByRole('button', { name: 'Record attendance' }).click();
    await officer.waitForURL(new RegExp(`${meetingUrl}#form-attendance$`));
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
    await officer.waitForURL(new RegExp(`${meetingUrl}#form-attendance$`));
    await expect(officer.getByText('Quorate', { exact: true }).count()).resolves.toBeGreaterThan(0);
    await officer.getByText('Record a declaration of interest').click();
    await officer.getByLabel('Who declares').selectOption({ label: 'Cllr Ben Hart' });
    await officer.getByLabel('Other registrable or non-registrable interest').check();
    await officer.getByLabel('Nature of the interest').fill('Trustee of a carers charity');
    await officer.getByRole('button', { name: 'Record the declaration' }).click();
    await expect(officer.getByText('Trustee of a carers charity').count()).resolves.toBe(1);
    for (const name of ['Cllr Ada Fox', 'Cllr Ben Hart', 'Dr Dev Shah', 'Dr Gus Lee'])
      await seat(officer, name).getByLabel('For').check();
    await officer.getByRole('button', { name: 'Record the show of hands' }).click();
    await officer.waitForURL(new RegExp(`${meetingUrl}#form-hands-`));
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
    await expect(officer.getByRole('link', { name: /\/act\// }).count()).resolves.toBe(1);
    await expectAccessible(officer, '18-dev-mailbox-message');
  });
});
