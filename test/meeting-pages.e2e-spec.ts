import request from 'supertest';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { meetingPagesHarness } from '../libs/testing/meeting-pages-harness.service';
import { postSignIn } from '../libs/testing/sign-in.service';
import { openBcfCaseBody } from '../libs/testing/world.factory';

/*
 * The meeting pages through HTTP, as a browser without JavaScript would post them: scheduling a
 * meeting (its date from the GOV.UK date input, the dates its papers are due), who may change a
 * meeting and who may read it, and a meeting on the dashboard and its linked case's page. What is
 * recorded in the room is in meeting-room-pages.e2e-spec.ts; the councils and sign-in in
 * libs/testing/meeting-pages-harness.service.ts.
 */

describe('meeting pages', () => {
  const { clock, db, app, world, other, signedIn, scheduledMeeting } = meetingPagesHarness();

  it('schedules a meeting from the form and lists it for the body', async () => {
    const { agent, meetingId } = await scheduledMeeting();
    const list = await agent.get(`/meetings?body=${world().ids.bodies.jcb}`).expect(200);
    expect(list.text).toContain(`href="/meetings/${meetingId}"`);
    // The body's hint says which bodies are offered as the list is made (any with rules: Cabinet
    // and Full Council too), not a fixed two.
    const hint = /id="schedule-body-hint"[^>]*>([^<]*)</.exec(list.text)?.[1].trim();
    expect(hint).toBe(
      'The bodies whose meeting rules (quorum, and how they decide) are in the directory',
    );
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
    const { agent, csrf } = await signedIn(world(), 'officer');
    const count = async () =>
      Number((await db().ds.query('SELECT count(*)::int AS n FROM meetings'))[0].n);
    const before = await count();
    const res = await agent
      .post('/meetings')
      .type('form')
      .send({
        _csrf: csrf,
        body: world().ids.bodies.jcb,
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
      .send({ _csrf: csrf, body: world().ids.bodies.jcb, 'meetingDate-day': '4', title: 'JCB' })
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
        .send({ _csrf: csrf, body: world().ids.bodies.jcb, ...typed, title: 'JCB' })
        .expect(303);
      const [row] = await db().ds.query(
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

  it('changes nothing when a form comes back without its CSRF token', async () => {
    const { agent, meetingId } = await scheduledMeeting();
    const res = await agent
      .post(`/meetings/${meetingId}/publication`)
      .type('form')
      .send({ _csrf: 'forged', agendaPublishedOn: '2025-08-27' })
      .expect(403);
    expect(res.text).toContain('The form has expired');
    await expect(
      db().ds.query('SELECT agenda_published_on FROM meetings WHERE id = $1', [meetingId]),
    ).resolves.toEqual([{ agenda_published_on: null }]);
  });

  it('shows the governance lead the meeting without forms, and refuses their posts with the 403 page', async () => {
    const { meetingId } = await scheduledMeeting();
    const { agent, csrf } = await signedIn(world(), 'governanceLead');
    const page = await agent.get(`/meetings/${meetingId}`).expect(200);
    expect(page.text).toContain('JCB, 4 September 2025');
    expect(page.text).not.toContain('Record attendance');
    await agent
      .post(`/meetings/${meetingId}/publication`)
      .type('form')
      .send({ _csrf: csrf, agendaPublishedOn: '2025-08-27' })
      .expect(403);
    await expect(
      db().ds.query('SELECT agenda_published_on FROM meetings WHERE id = $1', [meetingId]),
    ).resolves.toEqual([{ agenda_published_on: null }]);
  });

  it('shows an administrator who is not a democratic services officer the meeting without forms, as the use cases would refuse them', async () => {
    const { meetingId } = await scheduledMeeting();
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db().ds, {
      tenantId: world().tenantId,
      personId: world().ids.people.healthwatch,
      role: 'administrator',
      password: 'admin-password-1',
      at: clock.now(),
    });
    const admin = request.agent(app().getHttpServer());
    const email = world().emailOf('healthwatch');
    expect((await postSignIn(admin, { email, password: 'admin-password-1' })).status).toBe(303);
    const page = await admin.get(`/meetings/${meetingId}`).expect(200);
    expect(page.text).toContain('JCB, 4 September 2025');
    expect(page.text).not.toContain('Record attendance');
    const list = await admin.get('/meetings').expect(200);
    expect(list.text).not.toContain('Schedule the meeting');
  });

  it('answers another organisation’s meeting as not found, and sends a signed-out visitor to sign in', async () => {
    const { meetingId } = await scheduledMeeting();
    const { agent } = await signedIn(other(), 'officer');
    await agent.get(`/meetings/${meetingId}`).expect(404);
    await agent.get('/meetings/not-a-uuid').expect(404);
    const anonymous = await request(app().getHttpServer())
      .get(`/meetings/${meetingId}`)
      .expect(303);
    expect(anonymous.headers.location).toBe(
      `/sign-in?next=${encodeURIComponent(`/meetings/${meetingId}`)}`,
    );
  });

  it('lists a meeting of the next five working days on the dashboard, and shows a linked case on the agenda from its case page', async () => {
    const { agent, csrf } = await signedIn(world(), 'officer');
    const scheduled = await agent
      .post('/meetings')
      .type('form')
      .send({
        _csrf: csrf,
        body: world().ids.bodies.jcb,
        meetingDate: '2025-08-07',
        title: 'JCB, extraordinary meeting',
      })
      .expect(303);
    const meetingId = /\/meetings\/([0-9a-f-]{36})$/.exec(scheduled.headers.location)![1];
    const opened = await request(app().getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${world().keys.officer}`)
      .send(
        openBcfCaseBody(world(), {
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
    // Once the case is closed the agenda still names it by title and reference, never by its id.
    const reference = (opened.body as { reference: string }).reference;
    await db().ds.query('UPDATE cases SET closed_at = now() WHERE id = $1', [caseId]);
    const later = await agent.get(`/meetings/${meetingId}`).expect(200);
    expect(later.text).toContain(`Case: Better Care Fund plan 2021/22 (${reference})</a>`);
    expect(later.text).not.toContain(`>Case: ${caseId}`);
  });

  it('says the days of the minutes approved at a meeting, and of its refusal, in words', async () => {
    const { agent, csrf, meetingId: earlier } = await scheduledMeeting();
    const scheduled = await agent
      .post('/meetings')
      .type('form')
      .send({
        _csrf: csrf,
        body: world().ids.bodies.jcb,
        meetingDate: '2025-10-02',
        title: 'JCB, 2 October 2025',
      })
      .expect(303);
    const later = /\/meetings\/([0-9a-f-]{36})$/.exec(scheduled.headers.location)![1];
    // At the earlier meeting, the later one's minutes: refused, its days in words on the page.
    clock.set('2025-09-04T18:00:00Z');
    const onTheDay = await signedIn(world(), 'officer');
    const refused = await onTheDay.agent
      .post(`/meetings/${earlier}/minutes-approval`)
      .type('form')
      .send({ _csrf: onTheDay.csrf, previousMeetingId: later, amendments: '' })
      .expect(422);
    expect(refused.text).toContain(
      'JCB, 2 October 2025, on 2 October 2025, is not before this meeting, on 4 September 2025',
    );
    expect(refused.text).not.toContain('2025-10-02 is not before 2025-09-04');
    // At the later meeting, quorate, the earlier one's minutes approved: on the day in words.
    clock.set('2025-10-02T18:00:00Z');
    const inTheRoom = await signedIn(world(), 'officer');
    const present = ['cab1', 'cab2', 'cab3', 'ccg1', 'ccg2', 'ccg3'];
    await inTheRoom.agent
      .post(`/meetings/${later}/attendance`)
      .type('form')
      .send({
        _csrf: inTheRoom.csrf,
        ...Object.fromEntries(present.map((k) => [`status.${world().ids.people[k]}`, 'present'])),
      })
      .expect(303);
    await inTheRoom.agent
      .post(`/meetings/${later}/minutes-approval`)
      .type('form')
      .send({ _csrf: inTheRoom.csrf, previousMeetingId: earlier, amendments: '' })
      .expect(303);
    const page = await inTheRoom.agent.get(`/meetings/${later}`).expect(200);
    expect(page.text).toContain(
      'The minutes of the meeting on Thursday 4 September 2025 were approved as a correct record.',
    );
  });

  it('names the side each seat sits for on the attendance form in the body’s words, never its key', async () => {
    const { agent, meetingId } = await scheduledMeeting();
    const page = (await agent.get(`/meetings/${meetingId}`).expect(200)).text;
    const legends = [...page.matchAll(/<legend[^>]*>\s*([^<]*?)\s*<\/legend>/g)].map((m) => m[1]);
    const seats = legends.filter((l) => /\(.*\)$/.test(l));
    expect(seats.length).toBeGreaterThan(0);
    expect(seats.filter((l) => /\((council|ccg)\)$/.test(l))).toEqual([]);
    expect(seats.some((l) => l.endsWith('(CCG Governing Body)'))).toBe(true);
  });
});
