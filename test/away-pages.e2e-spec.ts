import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { withViceChairDelegation } from '../libs/testing/absence-world.factory';
import { postSignIn } from '../libs/testing/sign-in.service';
import {
  errorSummary,
  inputValue,
  pageText,
  postForm,
  STAFF,
} from '../libs/testing/staff-page-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

/*
 * "Away from the office" (issue #15, ADR 0033): the Chair marks themselves away with a deputy
 * chosen by name, dates as GOV.UK date inputs, refusals in the error summary with what was typed
 * kept; an administrator reads and cancels it on their behalf.
 */
describe('the "Away from the office" page', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2021-11-01T10:00:00Z'));
  const CHAIR_PASSWORD = 'chair-away-pass-1';
  let address = 0;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  async function world(): Promise<BcfWorld> {
    const w = await buildBcfWorld(db.ds, { tweak: withViceChairDelegation });
    for (const [personKey, role, password] of [
      ['chair', 'governance_lead', CHAIR_PASSWORD],
      ['gp', 'administrator', STAFF.administrator.password],
    ] as const)
      await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
        tenantId: w.tenantId,
        personId: w.ids.people[personKey],
        role,
        password,
        at: clock.now(),
      });
    return w;
  }
  async function signIn(w: BcfWorld, personKey: string, password: string) {
    const agent = request.agent(app.getHttpServer());
    const n = address++;
    const res = await postSignIn(
      agent,
      { email: w.emailOf(personKey), password, next: '/away' },
      { 'X-Forwarded-For': `198.51.120.${n + 1}` },
    );
    if (res.status !== 303) throw new Error(`signing in as ${personKey} answered ${res.status}`);
    return agent;
  }

  it('asks for what is missing and keeps what was typed, then records the absence in words', async () => {
    const w = await world();
    const chair = await signIn(w, 'chair', CHAIR_PASSWORD);
    const page = await chair.get('/away').expect(200);
    expect(pageText(page.text)).toContain('Away from the office');
    expect(pageText(page.text)).toContain('Cllr Chris Lane');
    expect(pageText(page.text)).not.toContain('Dr Sam Okafor');

    const blank = await postForm(chair, '/away', {}, 422, '/away');
    expect(errorSummary(blank.text)).toEqual([
      { href: '#firstDay-day', text: 'Enter the first day away' },
      { href: '#lastDay-day', text: 'Enter the last day away' },
      { href: '#deputyPersonId', text: 'Choose your deputy' },
    ]);
    const backwards = await postForm(
      chair,
      '/away',
      {
        'firstDay-day': '5',
        'firstDay-month': '11',
        'firstDay-year': '2021',
        'lastDay-day': '2',
        'lastDay-month': 'Nov',
        'lastDay-year': '2021',
        deputyPersonId: w.ids.people.cabinet,
        note: 'Annual leave',
      },
      422,
      '/away',
    );
    expect(errorSummary(backwards.text)).toEqual([
      {
        href: '#lastDay-day',
        text: 'The rule “An absence ends on or after the day it starts” refuses this: the last day away, 2 November 2021, is before the first, 5 November 2021: give a last day on or after the first. Nothing was recorded: change what you entered so the rule is met, or ask your governance lead.',
      },
    ]);
    const nobody = await postForm(
      chair,
      '/away',
      {
        'firstDay-day': '5',
        'firstDay-month': '11',
        'firstDay-year': '2021',
        'lastDay-day': '6',
        'lastDay-month': '11',
        'lastDay-year': '2021',
        deputyPersonId: '00000000-0000-4000-8000-000000000000',
      },
      422,
      '/away',
    );
    expect(errorSummary(nobody.text)).toEqual([
      { href: '#deputyPersonId', text: 'Choose your deputy from the list' },
    ]);
    // Only the year wrong: the error links to the year box, and only that box is marked.
    const year = await postForm(
      chair,
      '/away',
      {
        'firstDay-day': '5',
        'firstDay-month': '11',
        'firstDay-year': 'next',
        'lastDay-day': '6',
        'lastDay-month': '11',
        'lastDay-year': '2021',
        deputyPersonId: w.ids.people.cabinet,
      },
      422,
      '/away',
    );
    expect(errorSummary(year.text).map((e) => e.href)).toEqual(['#firstDay-year']);
    const marked = [
      ...year.text.matchAll(/<input[^>]*class="([^"]*)"[^>]*id="((?:first|last)Day-\w+)"/g),
    ]
      .filter(([, cls]) => cls.includes('govuk-input--error'))
      .map(([, , id]) => id);
    expect(marked).toEqual(['firstDay-year']);
    expect(inputValue(backwards.text, 'firstDay-day')).toBe('5');
    expect(inputValue(backwards.text, 'lastDay-month')).toBe('Nov');
    expect(backwards.text).toContain('Annual leave');

    const done = await postForm(
      chair,
      '/away',
      {
        'firstDay-day': '1',
        'firstDay-month': '11',
        'firstDay-year': '2021',
        'lastDay-day': '12',
        'lastDay-month': '11',
        'lastDay-year': '2021',
        deputyPersonId: w.ids.people.cabinet,
      },
      303,
      '/away',
    );
    expect(done.headers.location).toBe('/away?done=recorded');
    const after = pageText((await chair.get('/away?done=recorded').expect(200)).text);
    expect(after).toContain('The absence is recorded.');
    expect(after).toContain('Monday 1 November 2021 to Friday 12 November 2021');
    expect(after).toContain('With the deputy');
  });

  it('lets an administrator record and cancel an absence on someone’s behalf, and nobody else', async () => {
    const w = await world();
    const admin = await signIn(w, 'gp', STAFF.administrator.password);
    const chairId = w.ids.people.chair;
    const page = await admin.get(`/away?person=${chairId}`).expect(200);
    expect(pageText(page.text)).toContain('Cllr Alex Rowe');
    await postForm(
      admin,
      '/away',
      {
        personId: chairId,
        'firstDay-day': '8',
        'firstDay-month': '11',
        'firstDay-year': '2021',
        'lastDay-day': '9',
        'lastDay-month': '11',
        'lastDay-year': '2021',
        deputyPersonId: w.ids.people.cabinet,
      },
      303,
      '/away',
    );
    const listed = await admin.get(`/away?person=${chairId}`).expect(200);
    expect(pageText(listed.text)).toContain('Monday 8 November 2021 to Tuesday 9 November 2021');
    expect(pageText(listed.text)).toContain('Handed over on the first day');
    const [a]: { id: string }[] = await db.ds.query(
      'SELECT id FROM absences WHERE person_id = $1',
      [chairId],
    );
    const cancelled = await postForm(
      admin,
      `/away/${a.id}/cancel`,
      { personId: chairId, expectedVersion: '1' },
      303,
      '/away',
    );
    expect(cancelled.headers.location).toBe(`/away?done=cancelled&person=${chairId}`);
    expect(pageText((await admin.get(`/away?person=${chairId}`).expect(200)).text)).toContain(
      'No absence recorded from today on.',
    );

    const chair = await signIn(w, 'chair', CHAIR_PASSWORD);
    await chair.get(`/away?person=${w.ids.people.gp}`).expect(404);
  });
});
