import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { buildJcbWorld, type JcbWorld } from '../libs/testing/jcb-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';
import { postSignIn } from '../libs/testing/sign-in.service';

/*
 * The meeting pages through HTTP, as a browser without JavaScript would post them: every form goes
 * to the meetings use case, a refused form shows the error summary and records nothing. JCB
 * meeting Thu 4 Sep 2025 (seed 002: quorate with at least 4 members, 2 from each partner).
 */
const MEETING = '2025-09-04';

describe('meeting pages', () => {
  let db: TestDatabase;
  let world: JcbWorld;
  let other: JcbWorld;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildJcbWorld(db.ds);
    other = await buildJcbWorld(db.ds);
    app = await buildTestApp(db.ds, clock);
    for (const w of [world, other])
      for (const [personId, role, password] of [
        [w.ids.people.officer, 'officer', 'officer-password-1'],
        [w.ids.people.governanceLead, 'governance_lead', 'lead-password-1'],
      ] as const)
        await StaffAuthService.createAccount(db.ds, {
          tenantId: w.tenantId,
          personId,
          role,
          password,
          at: clock.now(),
        });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const person = (key: string) => world.ids.people[key];

  async function signedIn(w: BcfWorld, who: 'officer' | 'governanceLead') {
    const agent = request.agent(app.getHttpServer());
    const res = await postSignIn(agent, {
      email: w.emailOf(who),
      password: who === 'officer' ? 'officer-password-1' : 'lead-password-1',
    });
    expect(res.status).toBe(303);
    const page = await agent.get('/meetings').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    return { agent, csrf };
  }

  const count = async (table: string, meetingId: string) =>
    Number(
      (
        await db.ds.query(`SELECT count(*)::int AS n FROM ${table} WHERE meeting_id = $1`, [
          meetingId,
        ])
      )[0].n,
    );

  /** Scheduled by an officer signed in at `at` (sessions last a working day). */
  async function scheduledMeeting(at = '2025-08-01T09:00:00Z') {
    clock.set(at);
    const { agent, csrf } = await signedIn(world, 'officer');
    const res = await agent
      .post('/meetings')
      .type('form')
      .send({
        _csrf: csrf,
        body: world.ids.bodies.jcb,
        meetingDate: MEETING,
        title: 'JCB, 4 September 2025',
      })
      .expect(303);
    const meetingId = /\/meetings\/([0-9a-f-]{36})$/.exec(res.headers.location)![1];
    return { agent, csrf, meetingId };
  }

  /**
   * A meeting scheduled and its agenda published on Wed 27 Aug 2025 with one item that is not key;
   * then the day of the meeting, with the officer signed in again: what happens in the room is
   * recorded on the day (no recorded date is after today, nor before the step it follows).
   */
  async function meetingWithItem(title: string) {
    const scheduled = await scheduledMeeting('2025-08-27T08:00:00Z');
    const { meetingId } = scheduled;
    await scheduled.agent
      .post(`/meetings/${meetingId}/publication`)
      .type('form')
      .send({ _csrf: scheduled.csrf, agendaPublishedOn: '2025-08-27' })
      .expect(303);
    await scheduled.agent
      .post(`/meetings/${meetingId}/agenda-items`)
      .type('form')
      .send({ _csrf: scheduled.csrf, title, keyDecision: 'no' })
      .expect(303);
    const [{ id: itemId }]: { id: string }[] = await db.ds.query(
      'SELECT id FROM agenda_items WHERE meeting_id = $1',
      [meetingId],
    );
    clock.set('2025-09-04T18:00:00Z');
    const { agent, csrf } = await signedIn(world, 'officer');
    return { agent, csrf, meetingId, itemId };
  }

  it('schedules a meeting from the form and lists it for the body', async () => {
    const { agent, meetingId } = await scheduledMeeting();
    const list = await agent.get(`/meetings?body=${world.ids.bodies.jcb}`).expect(200);
    expect(list.text).toContain(`href="/meetings/${meetingId}"`);
    const page = await agent.get(`/meetings/${meetingId}`).expect(200);
    expect(page.text).toContain('JCB, 4 September 2025');
    expect(page.text).toContain('Record attendance');
    // A mistyped meeting address is the not-found page, not JSON.
    await agent
      .get('/meetings/xyz')
      .set('Accept', 'text/html')
      .expect(404)
      .expect('Content-Type', /text\/html/)
      .expect((r) => expect(r.text).toContain('Page not found'));
    const feed = /href="(\/calendar\/bodies\/[^"]+)"/.exec(page.text)![1].replace(/&amp;/g, '&');
    const ics = await agent.get(feed).expect(200);
    expect(ics.text).toContain('SUMMARY:JCB\\, 4 September 2025');
  });

  it('reads the meeting’s date from the GOV.UK date input, and a date that is not real gets the error summary linked to its day box, scheduling nothing', async () => {
    const { agent, csrf } = await signedIn(world, 'officer');
    const count = async () =>
      Number((await db.ds.query('SELECT count(*)::int AS n FROM meetings'))[0].n);
    const before = await count();
    const res = await agent
      .post('/meetings')
      .type('form')
      .send({
        _csrf: csrf,
        body: world.ids.bodies.jcb,
        'meetingDate-day': '31',
        'meetingDate-month': 'Sept',
        'meetingDate-year': '2025',
        title: 'JCB',
      })
      .expect(422);
    expect(res.text).toContain('govuk-error-summary');
    expect(res.text).toContain('href="#schedule-meetingDate-day"');
    expect(res.text).toContain('id="schedule-meetingDate-day"');
    expect(res.text).toContain('The date of the meeting must be a real date');
    // What was typed is kept, and so is the title.
    expect(res.text).toMatch(/name="meetingDate-month"[^>]*value="Sept"/);
    expect(res.text).toContain('value="JCB"');
    expect(await count()).toBe(before);

    const partial = await agent
      .post('/meetings')
      .type('form')
      .send({ _csrf: csrf, body: world.ids.bodies.jcb, 'meetingDate-day': '4', title: 'JCB' })
      .expect(422);
    expect(partial.text).toContain('The date of the meeting must include a month and a year');
    expect(await count()).toBe(before);

    // 4 September 2025, typed as people type it: the month in words, or the whole date in the day box.
    for (const typed of [
      { 'meetingDate-day': '4', 'meetingDate-month': 'September', 'meetingDate-year': '2025' },
      { 'meetingDate-day': '4/9/2025' },
    ]) {
      const ok = await agent
        .post('/meetings')
        .type('form')
        .send({ _csrf: csrf, body: world.ids.bodies.jcb, ...typed, title: 'JCB' })
        .expect(303);
      const [row] = await db.ds.query(
        'SELECT meeting_date::text AS d FROM meetings WHERE id = $1',
        [ok.headers.location.split('/').pop()],
      );
      expect(row.d).toBe('2025-09-04');
    }
  });

  it('shows by when the agenda, each report and a key decision’s forward plan notice are to be published, and how each day is counted', async () => {
    const { agent, csrf, meetingId } = await scheduledMeeting('2025-07-01T08:00:00Z');
    await agent
      .post(`/meetings/${meetingId}/agenda-items`)
      .type('form')
      .send({
        _csrf: csrf,
        title: 'Integrated carers support service contract',
        keyDecision: 'yes',
        forwardPlanPublishedOn: '2025-07-01',
      })
      .expect(303);
    const page = await agent.get(`/meetings/${meetingId}`).expect(200);
    // Thursday 4 September 2025: 5 clear working days for the agenda and reports (reg 7), 28 for
    // the key decision notice (reg 9).
    expect(page.text).toContain('Publish the agenda and report by Wed 27 Aug 2025');
    expect(page.text).toContain('Publish the key decision notice (forward plan) by');
    expect(page.text).toContain('How this day is counted');
    expect(page.text).toContain(
      'the clear days run Thu 28 Aug 2025 to Wed 3 Sep 2025 (counting only clear days)',
    );
  });

  it('records attendance, a declaration and a show of hands in the room, and the page shows the outcome', async () => {
    const { agent, csrf, meetingId, itemId } = await meetingWithItem(
      'Community equipment contract',
    );
    await agent
      .post(`/meetings/${meetingId}/attendance`)
      .type('form')
      .send({
        _csrf: csrf,
        [`status.${person('cab1')}`]: 'present',
        [`status.${person('cab2')}`]: 'present',
        [`status.${person('ccg1')}`]: 'present',
        [`status.${person('ccg2')}`]: 'apologies',
        [`substitute.${person('ccg2')}`]: person('sub'),
        [`status.${person('ccg3')}`]: 'absent',
      })
      .expect(303)
      .expect('Location', `/meetings/${meetingId}?done=attendance#form-attendance`);
    const recorded = await agent.get(`/meetings/${meetingId}?done=attendance`).expect(200);
    expect(recorded.text).toContain('govuk-notification-banner--success');
    expect(recorded.text).toContain('Attendance was recorded');
    await agent
      .post(`/meetings/${meetingId}/agenda-items/${itemId}/declarations`)
      .type('form')
      .send({
        _csrf: csrf,
        personId: person('cab2'),
        kind: 'other',
        details: 'Trustee of a local charity',
      })
      .expect(303);
    const hands = Object.fromEntries(
      ['cab1', 'cab2', 'ccg1', 'sub'].map((k) => [`hand.${person(k)}`, 'for']),
    );
    await agent
      .post(`/meetings/${meetingId}/agenda-items/${itemId}/show-of-hands`)
      .type('form')
      .send({ _csrf: csrf, ...hands, chairChoice: '' })
      .expect(303)
      .expect('Location', new RegExp(`^/meetings/${meetingId}\\?done=hands#`));
    const page = await agent.get(`/meetings/${meetingId}?done=hands`).expect(200);
    expect(page.text).toContain('The show of hands was recorded');
    // The meeting's date in words, never as an ISO date.
    expect(page.text).toContain('Thursday 4 September 2025');
    expect(page.text).toContain('Dr Gus Lee');
    expect(page.text).toContain('Trustee of a local charity');
    expect(page.text).toMatch(/<strong>consensus<\/strong>/);
    await expect(count('votes', meetingId)).resolves.toBe(4);
  });

  it('refuses a show of hands when the meeting is not quorate, explains why on the page, and records no hand', async () => {
    const { agent, csrf, meetingId, itemId } = await meetingWithItem('Carers strategy');
    await agent
      .post(`/meetings/${meetingId}/attendance`)
      .type('form')
      .send({
        _csrf: csrf,
        [`status.${person('cab1')}`]: 'present',
        [`status.${person('cab2')}`]: 'present',
        [`status.${person('ccg1')}`]: 'present',
        [`status.${person('ccg2')}`]: 'apologies',
        [`status.${person('ccg3')}`]: 'apologies',
      })
      .expect(303);
    const res = await agent
      .post(`/meetings/${meetingId}/agenda-items/${itemId}/show-of-hands`)
      .type('form')
      .send({
        _csrf: csrf,
        [`hand.${person('cab1')}`]: 'for',
        [`hand.${person('cab2')}`]: 'for',
        [`hand.${person('ccg1')}`]: 'for',
      })
      .expect(422);
    expect(res.text).toContain('govuk-error-summary');
    expect(res.text).toContain(`href="#form-hands-${itemId}"`);
    expect(res.text).toMatch(/not quorate/i);
    await expect(count('votes', meetingId)).resolves.toBe(0);
    await expect(count('item_outcomes', meetingId)).resolves.toBe(0);
  });

  it('refuses an attendance with a substitute for a member who is present, and keeps the attendance recorded before', async () => {
    const { agent, csrf, meetingId } = await scheduledMeeting();
    await agent
      .post(`/meetings/${meetingId}/attendance`)
      .type('form')
      .send({ _csrf: csrf, [`status.${person('ccg2')}`]: 'apologies' })
      .expect(303);
    const before: unknown[] = await db.ds.query(
      'SELECT person_id, status, substitute_for FROM meeting_attendance WHERE meeting_id = $1 ORDER BY person_id',
      [meetingId],
    );
    expect(before.length).toBeGreaterThan(0);
    const res = await agent
      .post(`/meetings/${meetingId}/attendance`)
      .type('form')
      .send({
        _csrf: csrf,
        [`status.${person('ccg2')}`]: 'present',
        [`substitute.${person('ccg2')}`]: person('sub'),
      })
      .expect(422);
    expect(res.text).toContain('cannot substitute for Dr Eve Long, who is present');
    await expect(
      db.ds.query(
        'SELECT person_id, status, substitute_for FROM meeting_attendance WHERE meeting_id = $1 ORDER BY person_id',
        [meetingId],
      ),
    ).resolves.toEqual(before);
  });

  it('changes nothing when a form comes back without its CSRF token', async () => {
    const { agent, meetingId } = await scheduledMeeting();
    const res = await agent
      .post(`/meetings/${meetingId}/publication`)
      .type('form')
      .send({ _csrf: 'forged', agendaPublishedOn: '2025-08-27' })
      .expect(403);
    expect(res.text).toContain('The form has expired');
    await expect(
      db.ds.query('SELECT agenda_published_on FROM meetings WHERE id = $1', [meetingId]),
    ).resolves.toEqual([{ agenda_published_on: null }]);
  });

  it('shows the governance lead the meeting without forms, and refuses their posts with the 403 page', async () => {
    const { meetingId } = await scheduledMeeting();
    const { agent, csrf } = await signedIn(world, 'governanceLead');
    const page = await agent.get(`/meetings/${meetingId}`).expect(200);
    expect(page.text).toContain('JCB, 4 September 2025');
    expect(page.text).not.toContain('Record attendance');
    await agent
      .post(`/meetings/${meetingId}/publication`)
      .type('form')
      .send({ _csrf: csrf, agendaPublishedOn: '2025-08-27' })
      .expect(403);
    await expect(
      db.ds.query('SELECT agenda_published_on FROM meetings WHERE id = $1', [meetingId]),
    ).resolves.toEqual([{ agenda_published_on: null }]);
  });

  it('shows an administrator who is not a democratic services officer the meeting without forms, as the use cases would refuse them', async () => {
    const { meetingId } = await scheduledMeeting();
    await StaffAuthService.createAccount(db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.healthwatch,
      role: 'administrator',
      password: 'admin-password-1',
      at: clock.now(),
    });
    const admin = request.agent(app.getHttpServer());
    const email = world.emailOf('healthwatch');
    expect((await postSignIn(admin, { email, password: 'admin-password-1' })).status).toBe(303);
    const page = await admin.get(`/meetings/${meetingId}`).expect(200);
    expect(page.text).toContain('JCB, 4 September 2025');
    expect(page.text).not.toContain('Record attendance');
    const list = await admin.get('/meetings').expect(200);
    expect(list.text).not.toContain('Schedule the meeting');
  });

  it('answers another organisation’s meeting as not found, and sends a signed-out visitor to sign in', async () => {
    const { meetingId } = await scheduledMeeting();
    const { agent } = await signedIn(other, 'officer');
    await agent.get(`/meetings/${meetingId}`).expect(404);
    await agent.get('/meetings/not-a-uuid').expect(404);
    const anonymous = await request(app.getHttpServer()).get(`/meetings/${meetingId}`).expect(303);
    expect(anonymous.headers.location).toBe(
      `/sign-in?next=${encodeURIComponent(`/meetings/${meetingId}`)}`,
    );
  });

  it('lists a meeting of the next five working days on the dashboard, and shows a linked case on the agenda from its case page', async () => {
    const { agent, csrf } = await signedIn(world, 'officer');
    const scheduled = await agent
      .post('/meetings')
      .type('form')
      .send({
        _csrf: csrf,
        body: world.ids.bodies.jcb,
        meetingDate: '2025-08-07',
        title: 'JCB, extraordinary meeting',
      })
      .expect(303);
    const meetingId = /\/meetings\/([0-9a-f-]{36})$/.exec(scheduled.headers.location)![1];
    const opened = await request(app.getHttpServer())
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
      .expect(201);
    const caseId = (opened.body as { id: string }).id;
    await agent
      .post(`/meetings/${meetingId}/agenda-items`)
      .type('form')
      .send({ _csrf: csrf, title: 'BCF plan: to note', keyDecision: 'no', caseId })
      .expect(303);
    const dashboard = await agent.get('/cases').expect(200);
    expect(dashboard.text).toContain(`href="/meetings/${meetingId}"`);
    const casePage = await agent.get(`/cases/${caseId}`).expect(200);
    expect(casePage.text).toContain('On the agenda of');
    expect(casePage.text).toContain(`href="/meetings/${meetingId}"`);
    const meetingPage = await agent.get(`/meetings/${meetingId}`).expect(200);
    expect(meetingPage.text).toContain(`href="/cases/${caseId}"`);
  });

  it('shows the linked case’s own problem when the case refuses the meeting’s record, and records nothing', async () => {
    // From 1 October a Healthwatch seat sits on the Board: the meeting counts it, but version 3 of
    // the JCB template knows only council and CCG seats (ToR 7.1) and refuses the attendance
    // (version 5 and later take the seat as co-opted: jcb-delegated-decision-v5.e2e-spec.ts).
    await db.ds.query(
      `INSERT INTO memberships (tenant_id, body_id, person_id, organisation_id, role, valid_from)
       SELECT $1, $2, $3, o.id, 'member', '2025-10-01' FROM organisations o
        WHERE o.tenant_id = $1 AND o.kind = 'healthwatch'`,
      [other.tenantId, other.ids.bodies.jcb, other.ids.people.healthwatch],
    );
    // Scheduled and published on 19 September; the meeting's record is taken on its day.
    clock.set('2025-09-19T08:00:00Z');
    const opened = await request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${other.keys.officer}`)
      .send({
        template: 'jcb-delegated-decision',
        templateVersion: 3,
        title: 'Community equipment service',
        dates: { meetingDate: '2025-10-02' },
        roles: other.jcbRoles,
      })
      .expect(201);
    const caseId = (opened.body as { id: string }).id;
    const { agent, csrf } = await signedIn(other, 'officer');
    const scheduled = await agent
      .post('/meetings')
      .type('form')
      .send({
        _csrf: csrf,
        body: other.ids.bodies.jcb,
        meetingDate: '2025-10-02',
        title: 'JCB, 2 October 2025',
      })
      .expect(303);
    const meetingId = /\/meetings\/([0-9a-f-]{36})$/.exec(scheduled.headers.location)![1];
    await agent
      .post(`/meetings/${meetingId}/publication`)
      .type('form')
      .send({ _csrf: csrf, agendaPublishedOn: '2025-09-19' })
      .expect(303);
    await agent
      .post(`/meetings/${meetingId}/agenda-items`)
      .type('form')
      .send({
        _csrf: csrf,
        title: 'Community equipment service',
        caseId,
        keyDecision: 'yes',
        forwardPlanPublishedOn: '2025-08-01',
      })
      .expect(303);
    const [{ id: itemId }]: { id: string }[] = await db.ds.query(
      'SELECT id FROM agenda_items WHERE meeting_id = $1',
      [meetingId],
    );
    const present = ['cab1', 'cab2', 'cab3', 'ccg1', 'ccg2', 'ccg3', 'healthwatch'];
    clock.set('2025-10-02T18:00:00Z');
    const { agent: onTheDay, csrf: onTheDayCsrf } = await signedIn(other, 'officer');
    await onTheDay
      .post(`/meetings/${meetingId}/attendance`)
      .type('form')
      .send({
        _csrf: onTheDayCsrf,
        ...Object.fromEntries(present.map((k) => [`status.${other.ids.people[k]}`, 'present'])),
      })
      .expect(303);
    const res = await onTheDay
      .post(`/meetings/${meetingId}/agenda-items/${itemId}/show-of-hands`)
      .type('form')
      .send({
        _csrf: onTheDayCsrf,
        ...Object.fromEntries(present.map((k) => [`hand.${other.ids.people[k]}`, 'for'])),
      })
      .expect(422);
    expect(res.text).toContain('Partner must be council or ccg');
    await expect(count('votes', meetingId)).resolves.toBe(0);
    await expect(count('item_outcomes', meetingId)).resolves.toBe(0);
  });
});
