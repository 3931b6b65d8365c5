import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { postSignIn } from '../libs/testing/sign-in.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import {
  buildBcfWorld,
  openBcfCaseBody,
  withIntegratedCareBoard,
  type BcfWorld,
} from '../libs/testing/world.factory';

/** The officer's forms in plain English: every error at once, linked to its field, what was typed kept. */
describe('the officer’s case forms', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let world: BcfWorld;
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    world = await buildBcfWorld(db.ds, { tweak: withIntegratedCareBoard });
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: 'officer-forms-1',
      at: clock.now(),
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function officer() {
    const agent = request.agent(app.getHttpServer());
    const res = await postSignIn(agent, {
      email: world.emailOf('officer'),
      password: 'officer-forms-1',
    });
    expect(res.status).toBe(303);
    return agent;
  }

  async function csrf(agent: ReturnType<typeof request.agent>, path: string) {
    const page = await agent.get(path).expect(200);
    return /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  }

  const send = (id: string, who: string, type: string, expectedVersion: number, payload = {}) =>
    request(app.getHttpServer())
      .post(`/api/cases/${id}/events`)
      .set('Authorization', `Bearer ${world.keys[who]}`)
      .send({ type, expectedVersion, ...payload })
      .expect(200);

  /** A BCF case approved and ready to submit (version 5), opened on 1 October 2021. */
  async function readyToSubmit(): Promise<string> {
    clock.set('2021-10-01T09:00:00Z');
    const opened = await request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send(openBcfCaseBody(world, { title: `Plan ${Math.random().toString(36).slice(2, 8)}` }))
      .expect(201);
    const id = opened.body.id as string;
    await send(id, 'officer', 'SEEK_AGREEMENT', 1);
    await send(id, 'ceo', 'AGREE', 2);
    await send(id, 'ao', 'AGREE', 3);
    await send(id, 'chair', 'APPROVE', 4);
    // Recorded dates may not be after today: the steps below are recorded in December.
    clock.set('2021-12-02T10:00:00Z');
    return id;
  }

  const version = async (id: string) =>
    (
      (await db.ds.query('SELECT version FROM cases WHERE id = $1', [id])) as { version: number }[]
    )[0].version;

  it('asks for each field in words, with dates as day, month and year', async () => {
    const id = await readyToSubmit();
    const agent = await officer();
    const page = (await agent.get(`/cases/${id}`).expect(200)).text;
    expect(page).toContain('Record the submission');
    expect(page).toContain('Date the plan was submitted');
    expect(page).toContain('name="submittedOn-day"');
    expect(page).toContain('For example, 17 12 2026');
    for (const raw of ['submittedOn', 'Record record', '(true or false)', 'UTC', 'holder id'])
      expect(page).not.toContain(`>${raw}<`);
    expect(page).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    // The timeline in words: each step as the template names it, who as which office, requests by role.
    expect(page).toContain('Agreed the plan');
    expect(page).toContain('Approved the plan under delegation');
    expect(page).toMatch(/Morgan Hale as Chief Executive/);
    expect(page).toContain('as Chief Executive of the local authority;');
    expect(page).not.toContain('as chiefExecutive');
    expect(page).not.toMatch(/preSubmission|postSubmission|SEEK_AGREEMENT/);
  });

  it('shows every error of the assurance form at once, linked to its field, keeping what was typed', async () => {
    const id = await readyToSubmit();
    const agent = await officer();
    const token = await csrf(agent, `/cases/${id}`);
    await agent
      .post(`/cases/${id}/events/RECORD_SUBMISSION`)
      .type('form')
      .send({ _csrf: token, expectedVersion: '5', 'submittedOn-day': '16/11/2021' })
      .expect((r) => expect(r.status === 303 ? '' : r.text).toBe(''))
      .expect('Location', `/cases/${id}?done=RECORD_SUBMISSION`);
    const done = (await agent.get(`/cases/${id}?done=RECORD_SUBMISSION`).expect(200)).text;
    expect(done).toContain('govuk-notification-banner--success');
    expect(done).toContain('The plan’s submission was recorded');
    // The timeline says what was recorded, in words.
    expect(done).toContain('Tuesday 16 November 2021');

    const refused = await agent
      .post(`/cases/${id}/events/RECORD_ASSURANCE`)
      .type('form')
      .send({
        _csrf: token,
        expectedVersion: '6',
        'receivedOn-day': '31',
        'receivedOn-month': '2',
        'receivedOn-year': '2022',
        reasons: 'Typed reasons kept',
      })
      .expect(422);
    const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(refused.text)![0];
    expect(summary).toContain('href="#RECORD_ASSURANCE-outcome"');
    expect(summary).toContain('Select the assurance outcome');
    expect(summary).toContain('href="#RECORD_ASSURANCE-receivedOn-day"');
    expect(summary).toContain('The date the outcome was received must be a real date');
    expect(refused.text).toContain('Typed reasons kept');
    expect(refused.text).toMatch(
      /name="receivedOn-day"[^>]*value="31"|value="31"[^>]*name="receivedOn-day"/,
    );
    expect(await version(id)).toBe(6);
  });

  it('puts a template’s own rule against its field in words', async () => {
    const id = await readyToSubmit();
    const agent = await officer();
    const token = await csrf(agent, `/cases/${id}`);
    await agent
      .post(`/cases/${id}/events/RECORD_SUBMISSION`)
      .type('form')
      .send({ _csrf: token, expectedVersion: '5', 'submittedOn-day': '16 11 2021' })
      .expect(303);
    const refused = await agent
      .post(`/cases/${id}/events/RECORD_ASSURANCE`)
      .type('form')
      .send({
        _csrf: token,
        expectedVersion: '6',
        outcome: 'approvedWithConditions',
        'receivedOn-day': '1',
        'receivedOn-month': 'Dec',
        'receivedOn-year': '2021',
      })
      .expect(422);
    expect(refused.text).toContain('href="#RECORD_ASSURANCE-conditions"');
    expect(refused.text).toContain('List the conditions');
    expect(refused.text).toMatch(/value="approvedWithConditions" checked/);
    expect(await version(id)).toBe(6);
  });

  it('puts a recorded date after today or before its step against the date, naming why, typed date kept', async () => {
    const id = await readyToSubmit();
    const agent = await officer();
    const token = await csrf(agent, `/cases/${id}`);
    for (const [day, why] of [
      [
        '3',
        'The rule “A recorded date is not after today” refuses this: the submission is dated Fri 3 Dec 2021, after today, Thu 2 Dec 2021 (London). The record holds what has happened: record it on or after the day it happens. Nothing was recorded: change what you entered so the rule is met, or ask your governance lead.',
      ],
      [
        '30',
        'refuses this: the submission is dated Thu 30 Sep 2021, before the delegated approval',
      ],
    ]) {
      const refused = await agent
        .post(`/cases/${id}/events/RECORD_SUBMISSION`)
        .type('form')
        .send({
          _csrf: token,
          expectedVersion: '5',
          'submittedOn-day': day,
          'submittedOn-month': day === '3' ? '12' : '9',
          'submittedOn-year': '2021',
        })
        .expect(422);
      const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(refused.text)![0];
      expect(summary).toContain('<a href="#RECORD_SUBMISSION-submittedOn-day">');
      expect(summary).toContain(why);
      expect(summary).not.toContain('href="#form-RECORD_SUBMISSION"');
      // The date input shows the error itself, with the date as typed.
      expect(refused.text).toMatch(
        /id="RECORD_SUBMISSION-submittedOn-error"[\s\S]*?govuk-error-message/,
      );
      expect(refused.text).toMatch(new RegExp(`name="submittedOn-day"[^>]*value="${day}"`));
    }
    expect(await version(id)).toBe(5);
  });

  it('names each meeting a case is on the agenda of once, its day in words unless its title says it', async () => {
    const id = await readyToSubmit();
    const agent = await officer();
    const token = await csrf(agent, '/meetings');
    const meetings: string[] = [];
    for (const [day, title] of [
      ['9', 'JCB, 9 December 2021'],
      ['16', 'JCB, extraordinary meeting'],
    ]) {
      const scheduled = await agent
        .post('/meetings')
        .type('form')
        .send({
          _csrf: token,
          body: world.ids.bodies.jcb,
          'meetingDate-day': day,
          'meetingDate-month': '12',
          'meetingDate-year': '2021',
          title,
        })
        .expect(303);
      const meetingId = /\/meetings\/([0-9a-f-]{36})$/.exec(scheduled.headers.location)![1];
      await agent
        .post(`/meetings/${meetingId}/agenda-items`)
        .type('form')
        .send({ _csrf: token, title: 'BCF plan: to note', keyDecision: 'no', caseId: id })
        .expect(303);
      meetings.push(meetingId);
    }
    const page = (await agent.get(`/cases/${id}`).expect(200)).text;
    const agendas = /On the agenda of<\/h2>([\s\S]*?)<\/ul>/.exec(page)![1];
    expect(agendas).toContain(`JCB, 9 December 2021</a>: BCF plan: to note`);
    expect(agendas).not.toContain('(Thursday 9 December 2021)');
    expect(agendas).toContain(
      `JCB, extraordinary meeting</a> (Thursday 16 December 2021): BCF plan: to note`,
    );
  });

  it('opening a case shows all its errors at once and keeps what was typed', async () => {
    clock.set('2021-10-01T09:00:00Z');
    const agent = await officer();
    const token = await csrf(agent, '/cases/new/bcf-delegated-sign-off');
    const refused = await agent
      .post('/cases/new/bcf-delegated-sign-off')
      .type('form')
      .send({
        _csrf: token,
        title: '',
        'dates-submissionDeadline-day': '16/11/2021',
        'dates-notingDeadline-day': '40',
        'dates-notingDeadline-month': '12',
        'dates-notingDeadline-year': '2021',
      })
      .expect(422);
    const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(refused.text)![0];
    for (const href of [
      '#title',
      '#dates-notingDeadline-day',
      '#dates-expectedAssuranceDate-day',
      '#roles-chiefExecutive',
      '#roles-accountableOfficer',
      '#roles-delegatedApprover',
    ])
      expect(summary).toContain(`href="${href}"`);
    expect(summary).toContain('Enter a title for the case');
    expect(summary).toContain('The noting deadline must be a real date');
    expect(summary).toContain('Enter the expected assurance date');
    expect(summary).not.toContain('#dates-submissionDeadline-day');
    // The whole date typed into the day box comes back as day, month and year.
    expect(refused.text).toMatch(/name="dates-submissionDeadline-month"[^>]*value="11"/);
    const [{ n }] = await db.ds.query('SELECT count(*)::int AS n FROM cases WHERE tenant_id = $1', [
      world.tenantId,
    ]);
    const typed = {
      _csrf: token,
      title: 'Typed dates plan',
      'dates-submissionDeadline-day': '16/11/2021',
      'dates-notingDeadline-day': '16 12 2021',
      'dates-expectedAssuranceDate-day': '9',
      'dates-expectedAssuranceDate-month': 'January',
      'dates-expectedAssuranceDate-year': '2022',
      'role.chiefExecutive': world.roles.chiefExecutive,
      'role.accountableOfficer': world.roles.accountableOfficer,
      'role.delegatedApprover': world.roles.delegatedApprover,
    };
    // The current version (2) is the Integrated Care Board's: the CCG's office is refused, saying
    // why, beside its field, with what was typed kept.
    const wrong = await agent.post('/cases/new/bcf-delegated-sign-off').type('form').send(typed);
    expect(wrong.status).toBe(422);
    const wrongSummary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(wrong.text)![0];
    expect(wrongSummary).toContain('href="#roles-accountableOfficer"');
    expect(wrongSummary).toContain(
      'Choose an office of an Integrated Care Board: &quot;Accountable Officer, NHS Southampton City CCG&quot; is an office of NHS Southampton City CCG',
    );
    expect(wrong.text).toContain('value="Typed dates plan"');
    const opened = await agent
      .post('/cases/new/bcf-delegated-sign-off')
      .type('form')
      .send({ ...typed, 'role.accountableOfficer': world.ids.offices.icbChiefExecutive })
      .expect(303);
    expect(opened.headers.location).toMatch(/^\/cases\/[0-9a-f-]{36}$/);
    const [{ m }] = await db.ds.query('SELECT count(*)::int AS m FROM cases WHERE tenant_id = $1', [
      world.tenantId,
    ]);
    expect(m).toBe(n + 1);
    const page = (await agent.get(opened.headers.location).expect(200)).text;
    expect(page).toContain('Friday 16 November 2021'.replace('Friday', 'Tuesday'));
    expect(page).toContain('Sunday 9 January 2022');
  });

  it('explains a pharmacy case’s deadline and refuses a wrong one with its due day in words', async () => {
    clock.set('2021-10-01T09:00:00Z');
    const agent = await officer();
    const form = (await agent.get('/cases/new/pharmacy-consolidation-representation').expect(200))
      .text;
    expect(form).toContain('exactly 45 calendar days after the notification');
    expect(form).not.toContain('notifiedOn.');
    const token = /name="_csrf" value="([^"]+)"/.exec(form)![1];
    const office = world.ids.offices.ceo;
    const refused = await agent
      .post('/cases/new/pharmacy-consolidation-representation')
      .type('form')
      .send({
        _csrf: token,
        title: 'Pharmacy consolidation: Portswood',
        'dates-notifiedOn-day': '1/10/2021',
        'dates-responseDeadline-day': '1/12/2021',
        'role.dph': office,
        'role.hwbbChair': office,
        'role.scrutinyChair': office,
      })
      .expect(422);
    const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(refused.text)![0];
    expect(summary).toContain(
      '<a href="#dates-responseDeadline-day">The response is due 45 calendar days after notification: Monday 15 November 2021</a>',
    );
    expect(refused.text).not.toMatch(/\b2021-11-15\b/);
  });

  it('refuses a title too long or too short in GOV.UK words, with every other error at once', async () => {
    clock.set('2021-10-01T09:00:00Z');
    const agent = await officer();
    const token = await csrf(agent, '/cases/new/bcf-delegated-sign-off');
    for (const [title, words] of [
      [`Cynllun Gofal – Môr 🎉 ${'plan '.repeat(70)}`, 'The title must be 300 characters or fewer'],
      ['ab', 'The title must be 3 characters or more'],
    ]) {
      const refused = await agent
        .post('/cases/new/bcf-delegated-sign-off')
        .type('form')
        .send({ _csrf: token, title, 'dates-submissionDeadline-day': '31/2/2022' })
        .expect(422);
      const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(refused.text)![0];
      expect(summary).toContain(`<a href="#title">${words}</a>`);
      expect(summary).toContain('href="#dates-submissionDeadline-day"');
      expect(summary).toContain('href="#roles-chiefExecutive"');
      expect(refused.text).toContain(`value="${title.trim()}"`);
    }
  });

  it('shows a mistyped address as the not-found page, never JSON or the chooser', async () => {
    const agent = await officer();
    for (const path of ['/casez', '/cases/not-a-uuid', '/cases/new/no-such-template'])
      await agent
        .get(path)
        .set('Accept', 'text/html')
        .expect(404)
        .expect('Content-Type', /text\/html/)
        .expect((r) => expect(r.text).toContain('Page not found'));
    await agent
      .get('/cases/00000000-0000-4000-8000-000000000000/certificate')
      .set('Accept', 'text/html')
      .expect(404);
  });
});
