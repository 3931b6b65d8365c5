import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { JcbWorld } from '../libs/testing/jcb-world.factory';
import { openBcfCaseBody } from '../libs/testing/world.factory';
import { jcbOfficerAppHarness } from '../libs/testing/jcb-officer-app-harness.service';

/** The officer's dashboard counts open cases by stage and shows the cases of one stage. */
describe('the officer’s dashboard', () => {
  const { clock, ready, signedInOfficer } = jcbOfficerAppHarness();
  let world: JcbWorld;
  let app: INestApplication;
  beforeAll(() => ({ world, app } = ready()));

  /** A BCF plan opened over the API by the officer, its submission due Tuesday 2 September 2025. */
  const openPlanDueOnTuesday2September = (title: string) =>
    request(app.getHttpServer())
      .post('/api/cases')
      .set({ Authorization: `Bearer ${world.keys.officer}` })
      .send(
        openBcfCaseBody(world, {
          title,
          dates: {
            submissionDeadline: '2025-09-02',
            notingDeadline: '2025-10-16',
            expectedAssuranceDate: '2025-11-07',
          },
        }),
      )
      .expect(201);

  it('counts open cases by template and stage, and lists only the stage chosen', async () => {
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const dates = {
      submissionDeadline: '2025-11-14',
      notingDeadline: '2025-12-16',
      expectedAssuranceDate: '2026-01-09',
    };
    for (const title of ['BCF plan A', 'BCF plan B'])
      await request(app.getHttpServer())
        .post('/api/cases')
        .set(auth)
        .send(openBcfCaseBody(world, { title, dates }))
        .expect(201);
    await request(app.getHttpServer())
      .post('/api/cases')
      .set(auth)
      .send({
        template: 'jcb-delegated-decision',
        title: 'Carers contract award',
        dates: { meetingDate: '2025-09-04' },
        roles: world.jcbV7Roles,
      })
      .expect(201);
    const officer = await signedInOfficer();

    const all = (await officer.get('/cases').expect(200)).text;
    const row = (stage: string) =>
      new RegExp(
        `href="/cases\\?stage=${encodeURIComponent(stage)}"[^<]*</a></td>\\s*<td[^>]*>(\\d+)</td>`,
      );
    expect(row('bcf-delegated-sign-off:preSubmission').exec(all)?.[1]).toBe('2');
    expect(row('jcb-delegated-decision:beforeMeeting').exec(all)?.[1]).toBe('1');
    for (const title of ['BCF plan A', 'BCF plan B', 'Carers contract award'])
      expect(all).toContain(title);

    const jcb = (
      await officer.get('/cases?stage=jcb-delegated-decision%3AbeforeMeeting').expect(200)
    ).text;
    expect(jcb).toContain(
      'Open cases: Joint Commissioning Board: decision under delegation, before meeting',
    );
    expect(jcb).toContain('>Carers contract award</a>');
    expect(jcb).not.toContain('>BCF plan A</a>');

    const unknown = (await officer.get('/cases?stage=nothing-like-this').expect(200)).text;
    expect(unknown).toContain('>BCF plan A</a>');
    expect(unknown).toContain('>Carers contract award</a>');
  });

  it('counts every open case by the database, however many, and lists the 25 most recently changed', async () => {
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const dates = {
      submissionDeadline: '2025-11-14',
      notingDeadline: '2025-12-16',
      expectedAssuranceDate: '2026-01-09',
    };
    // 40 more BCF plans (with the 2 above: 42 in the stage), each a second apart.
    for (let i = 1; i <= 40; i++) {
      clock.set(new Date(Date.parse('2025-08-01T10:00:00Z') + i * 1000).toISOString());
      await request(app.getHttpServer())
        .post('/api/cases')
        .set(auth)
        .send(openBcfCaseBody(world, { title: `Plan number ${i}`, dates }))
        .expect(201);
    }
    const officer = await signedInOfficer();
    const page = (await officer.get('/cases').expect(200)).text;
    const row = new RegExp(
      `href="/cases\\?stage=${encodeURIComponent('bcf-delegated-sign-off:preSubmission')}"[^<]*</a></td>\\s*<td[^>]*>(\\d+)</td>`,
    );
    expect(row.exec(page)?.[1]).toBe('42');
    expect(page).toContain('The 25 most recently changed of 43 open cases.');
    expect(page).toContain('>Plan number 40</a>');
    expect(page).toContain('>Plan number 16</a>');
    expect(page).not.toContain('>Plan number 15</a>');
    const stage = (
      await officer.get('/cases?stage=bcf-delegated-sign-off%3ApreSubmission').expect(200)
    ).text;
    expect(stage).toContain('The 25 most recently changed of 42 open cases.');
    expect(stage).not.toContain('>Carers contract award</a>');
  });

  it('lists a meeting in the next working days whose agenda is not yet published with the day it had to be by', async () => {
    clock.set('2025-08-28T09:00:00Z');
    await request(app.getHttpServer())
      .post('/api/meetings')
      .set({ Authorization: `Bearer ${world.keys.officer}` })
      .send({ body: world.ids.bodies.jcb, meetingDate: '2025-09-04', title: 'JCB, 4 September' })
      .expect(201);
    const officer = await signedInOfficer();
    const page = (await officer.get('/cases').expect(200)).text;
    // Five clear working days before Thursday 4 September 2025 (reg 7): Wednesday 27 August.
    expect(page).toContain(
      'JCB, 4 September</a> (Joint Commissioning Board), Thursday 4 September 2025; agenda not yet published (publish the agenda and report by Wed 27 Aug 2025)',
    );
  });
  it('says a meeting’s body and date once when its title already holds them, as the demo’s titles do', async () => {
    clock.set('2025-08-28T09:00:00Z');
    await request(app.getHttpServer())
      .post('/api/meetings')
      .set({ Authorization: `Bearer ${world.keys.officer}` })
      .send({
        body: world.ids.bodies.jcb,
        meetingDate: '2025-09-03',
        title: 'Joint Commissioning Board, Wednesday 3 September 2025',
      })
      .expect(201);
    const officer = await signedInOfficer();
    const page = (await officer.get('/cases').expect(200)).text;
    expect(page).toContain(
      'Joint Commissioning Board, Wednesday 3 September 2025</a>; agenda not yet published',
    );
    expect(page.match(/3 September 2025/g)).toHaveLength(1);
  });

  it('names a deadline due soon in its template’s words, never by its key', async () => {
    clock.set('2025-08-28T09:30:00Z');
    await openPlanDueOnTuesday2September('Plan due next week');
    const officer = await signedInOfficer();
    const page = (await officer.get('/cases').expect(200)).text;
    expect(page).toContain('Plan due next week');
    expect(page).toContain('national submission deadline');
    expect(page).not.toContain('</a>: submission deadline');
  });

  it('says a deadline is met by the end of its last day, never as the next day at 12:00am', async () => {
    clock.set('2025-08-28T09:30:00Z');
    const opened = await openPlanDueOnTuesday2September('Plan due on a Tuesday');
    const officer = await signedInOfficer();
    const dashboard = (await officer.get('/cases').expect(200)).text;
    const casePage = (await officer.get(`/cases/${opened.body.id}`).expect(200)).text;
    for (const page of [dashboard, casePage]) {
      expect(page).toContain('by the end of Tuesday 2 September 2025');
      expect(page).not.toContain('Wednesday 3 September 2025 at 12:00am');
    }
  });

  it('says "more than 1,000" of a stage and of overdue cases where it stopped counting, and still lists the newest 25', async () => {
    const { db } = ready();
    // 1,001 overdue copies of one open plan, made by the database: as many over the API would take minutes.
    await db.ds.query(
      `INSERT INTO cases (tenant_id, title, template_id, template_version, version, snapshot, state_key,
         summary, awaiting_person_ids, roles, dates, created_by, created_at, updated_at, audit_head,
         definition_hash, lifecycle_status, reference)
       SELECT tenant_id, 'Copied plan ' || g, template_id, template_version, version,
         jsonb_set(snapshot, '{context,overdue}', '{"submission": true}'), state_key,
         summary, awaiting_person_ids, roles, dates, created_by, created_at, updated_at - interval '1 day',
         audit_head, definition_hash, lifecycle_status, reference || '-' || g
         FROM cases, generate_series(1, 1001) g WHERE title = 'BCF plan A'`,
    );
    const officer = await signedInOfficer();
    const page = (await officer.get('/cases').expect(200)).text;
    const row = new RegExp(
      `href="/cases\\?stage=${encodeURIComponent('bcf-delegated-sign-off:preSubmission')}"[^<]*</a></td>\\s*<td[^>]*>([^<]*)</td>`,
    );
    expect(row.exec(page)?.[1]).toBe('more than 1,000');
    expect(page).toMatch(/The 25 most recently changed of more than 1,0\d\d open cases\./);
    expect(page).toContain('>Plan due on a Tuesday</a>');
    expect(page).toContain('more than 1,000 cases are overdue');
    expect(page).toContain(
      'These are the 25 most recently changed; more than 975 more are overdue.',
    );
    const stage = (
      await officer.get('/cases?stage=bcf-delegated-sign-off%3ApreSubmission').expect(200)
    ).text;
    expect(stage).toContain('The 25 most recently changed of more than 1,000 open cases.');
  });
});
