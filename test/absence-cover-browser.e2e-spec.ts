import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { withViceChairDelegation } from '../libs/testing/absence-world.factory';
import {
  axeViolations,
  BROWSER_JOURNEY_TIMEOUT_MS,
  clickAndLoad,
} from '../libs/testing/browser.service';
import { mailboxAppHarness } from '../libs/testing/mailbox-app-harness.service';
import type { TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

/*
 * Absence cover in a real browser (issue #15, ADR 0033): the HWBB Chair, asked for their approval
 * by email, marks themselves away on "Away from the office" with the Vice-Chair as deputy; the
 * Vice-Chair's email asks them afresh and they approve from its link; the Chair's link says why it
 * no longer works.
 */
jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('an approver away, their deputy approving from the email link, in a real browser', () => {
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));
  const h = mailboxAppHarness({ clock, browser: true });
  const PASSWORD = 'chair-away-browser-1';
  let db: TestDatabase;
  let app: INestApplication;
  let origin: string;
  beforeAll(() => ({ db, app, origin } = h.ready()));

  /** The path of the link in the newest message to `email` with `subject`, as the mailbox lists it. */
  async function messageTo(email: string, subject: RegExp) {
    const found = await h.messageTo(email, subject);
    return new URL(found.links.find((l) => l.includes('/act/'))!).pathname;
  }

  it('hands the approval to the Vice-Chair, who approves from their email while the Chair’s link is closed', async () => {
    const w = await buildBcfWorld(db.ds, { tweak: withViceChairDelegation });
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: w.tenantId,
      personId: w.ids.people.chair,
      role: 'governance_lead',
      password: PASSWORD,
      at: clock.now(),
    });
    const server = () => request(app.getHttpServer());
    const opened = await server()
      .post('/api/cases')
      .set({ Authorization: `Bearer ${w.keys.officer}` })
      .send(openBcfCaseBody(w))
      .expect(201);
    const caseId = opened.body.id as string;
    for (const [key, type, v] of [
      [w.keys.officer, 'SEEK_AGREEMENT', 1],
      [w.keys.ceo, 'AGREE', 2],
      [w.keys.ao, 'AGREE', 3],
    ] as const)
      await server()
        .post(`/api/cases/${caseId}/events`)
        .set({ Authorization: `Bearer ${key}` })
        .send({ type, expectedVersion: v })
        .expect(200);
    await h.deliver();
    const chairLink = await messageTo(w.emailOf('chair'), /Your approval is needed/);

    // The Chair marks themselves away from the page the header links to.
    const chair = await h.signIn(w.emailOf('chair'), PASSWORD);
    await clickAndLoad(chair, chair.getByRole('link', { name: 'Away from the office' }));
    await chair.getByRole('heading', { level: 1, name: 'Away from the office' }).waitFor();
    expect(await axeViolations(chair)).toEqual([]);
    await clickAndLoad(chair, chair.getByRole('button', { name: 'Record the absence' }));
    await expect(chair.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Enter the first day away',
    );
    expect(await axeViolations(chair)).toEqual([]);
    const day = (legend: string, d: string, m: string, y: string) =>
      chair
        .getByRole('group', { name: legend })
        .getByLabel('Day')
        .fill(d)
        .then(() => chair.getByRole('group', { name: legend }).getByLabel('Month').fill(m))
        .then(() => chair.getByRole('group', { name: legend }).getByLabel('Year').fill(y));
    await day('First day away', '1', '10', '2021');
    await day('Last day away', '8', '10', '2021');
    await chair.getByLabel('Cllr Chris Lane').check();
    await chair.getByRole('button', { name: 'Record the absence' }).click();
    await chair.waitForURL(`${origin}/away?done=recorded`);
    await expect(chair.locator('main').textContent()).resolves.toContain(
      'Friday 1 October 2021 to Friday 8 October 2021',
    );
    expect(await axeViolations(chair)).toEqual([]);

    // The Vice-Chair is asked afresh by email and approves from the link.
    await h.deliver();
    const deputy = await h.newPage();
    await deputy.goto(
      `${origin}${await messageTo(w.emailOf('cabinet'), /Your approval is needed/)}`,
    );
    expect(await axeViolations(deputy)).toEqual([]);
    await deputy.getByLabel('I approve', { exact: true }).check();
    await deputy.getByRole('button', { name: 'Confirm my answer' }).click();
    await deputy.getByRole('heading', { level: 1, name: /Your answer is recorded/ }).waitFor();
    expect(await axeViolations(deputy)).toEqual([]);

    // The Chair's own link is closed, and says why.
    const closed = await chair.goto(`${origin}${chairLink}`);
    expect(closed?.status()).toBe(410);
    await expect(chair.locator('main').textContent()).resolves.toContain(
      'the role it was sent for was given to someone else',
    );
    expect(await axeViolations(chair)).toEqual([]);
    const [last]: { type: string; name: string }[] = await db.ds.query(
      `SELECT e.type, p.name FROM case_events e JOIN people p ON p.id = e.actor_person_id
        WHERE e.case_id = $1 ORDER BY e.seq DESC LIMIT 1`,
      [caseId],
    );
    expect(last).toEqual({ type: 'APPROVE', name: 'Cllr Chris Lane' });
  });
});
