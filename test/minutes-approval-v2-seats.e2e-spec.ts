import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { postSignIn } from '../libs/testing/sign-in.service';
import { buildDirectoryWorld, type DirectoryWorld } from '../libs/testing/directory-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * Minutes approval, version 2: the chair and the vice-chair who may sign are seats of one body
 * (issue #15). The Joint Commissioning Board's vice-chair (Cllr Chris Lane) is refused as the
 * vice-chair of the Health and Wellbeing Board's minutes, through the API and the New case page;
 * a seat role is never reassigned (whoever holds the seat on the day acts); and a case opens
 * while the Board has no vice-chair, who is needed only in the chair's place.
 */
describe('minutes approval, version 2: the seats that may sign are of one body', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let w: DirectoryWorld;
  const clock = new ManualClock(new Date('2021-11-01T10:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    w = await buildDirectoryWorld(db.ds, (spec) =>
      spec.memberships.push({
        body: 'jcb',
        person: 'cabinet',
        role: 'vice_chair',
        organisation: 'council',
        validFrom: '2021-05-01',
      }),
    );
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: w.tenantId,
      personId: w.ids.people.officer,
      role: 'officer',
      password: 'officer-seats-1',
      at: clock.now(),
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const cases = async () =>
    (
      (await db.ds.query('SELECT count(*)::int AS n FROM cases WHERE tenant_id = $1', [
        w.tenantId,
      ])) as { n: number }[]
    )[0].n;

  it('refuses through the API a vice-chair of another body than the chair’s, naming the rule and the field', async () => {
    const before = await cases();
    const refused = await request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${w.keys.officer}`)
      .send({
        template: 'minutes-approval',
        templateVersion: 2,
        title: 'HWBB minutes of 20 October 2021',
        dates: { meetingDate: '2021-10-20', nextMeetingDate: '2021-11-17' },
        roles: { chair: w.ids.bodies.hwbb, viceChair: w.ids.bodies.jcb },
      });
    expect({ status: refused.status, body: refused.body as unknown }).toMatchObject({
      status: 422,
      body: {
        code: 'GOVERNANCE_RULE_BROKEN',
        rule: 'SEATS_OF_ONE_BODY',
        problems: [
          {
            path: 'roles.viceChair',
            message: expect.stringContaining('Joint Commissioning Board'),
          },
        ],
      },
    });
    expect(JSON.stringify(refused.body)).not.toContain(w.ids.bodies.jcb);
    expect(await cases()).toBe(before);
    // A body without a chair on the day is named, the day in words, without an id.
    const chairless = await request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${w.keys.officer}`)
      .send({
        template: 'minutes-approval',
        templateVersion: 2,
        title: 'JCB minutes of 20 October 2021',
        dates: { meetingDate: '2021-10-20', nextMeetingDate: '2021-11-17' },
        roles: { chair: w.ids.bodies.jcb },
      });
    expect(chairless.status).toBe(422);
    expect(chairless.body.problems).toContainEqual({
      path: 'roles.chair',
      message:
        'the Joint Commissioning Board has no chair on Mon 1 Nov 2021: record one among its members first',
    });
    // The same body, named or left out, opens the case.
    for (const roles of [
      { chair: w.ids.bodies.hwbb, viceChair: w.ids.bodies.hwbb },
      { chair: w.ids.bodies.hwbb },
    ])
      await request(app.getHttpServer())
        .post('/api/cases')
        .set('Authorization', `Bearer ${w.keys.officer}`)
        .send({
          template: 'minutes-approval',
          templateVersion: 2,
          title: 'HWBB minutes of 20 October 2021',
          dates: { meetingDate: '2021-10-20', nextMeetingDate: '2021-11-17' },
          roles,
        })
        .expect(201);
  });

  it('puts the refusal on the New case page against the vice-chair’s field, keeping what was typed', async () => {
    const agent = request.agent(app.getHttpServer());
    expect(
      (await postSignIn(agent, { email: w.emailOf('officer'), password: 'officer-seats-1' }))
        .status,
    ).toBe(303);
    const form = await agent.get('/cases/new/minutes-approval').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const before = await cases();
    const refused = await agent
      .post('/cases/new/minutes-approval')
      .type('form')
      .send({
        _csrf: csrf,
        title: 'Typed minutes title',
        'dates-meetingDate-day': '20',
        'dates-meetingDate-month': '10',
        'dates-meetingDate-year': '2021',
        'dates-nextMeetingDate-day': '17',
        'dates-nextMeetingDate-month': '11',
        'dates-nextMeetingDate-year': '2021',
        'role.chair': w.ids.bodies.hwbb,
        'role.viceChair': w.ids.bodies.jcb,
      })
      .expect(422);
    const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(refused.text)![0];
    expect(summary).toContain('href="#roles-viceChair"');
    expect(summary).toContain('Choose the Southampton Health and Wellbeing Board');
    expect(summary).toContain('the Joint Commissioning Board is another body');
    expect(refused.text).toContain('value="Typed minutes title"');
    expect(refused.text).toMatch(
      new RegExp(
        `value="${w.ids.bodies.jcb}"[^>]*selected|selected[^>]*value="${w.ids.bodies.jcb}"`,
      ),
    );
    expect(await cases()).toBe(before);
  });

  it('opens a case from the New case page with the vice-chair left out, as the template lets it be (the chair’s body)', async () => {
    const agent = request.agent(app.getHttpServer());
    await postSignIn(agent, { email: w.emailOf('officer'), password: 'officer-seats-1' });
    const form = await agent.get('/cases/new/minutes-approval').expect(200);
    expect(form.text).toContain('The same body as above');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const typed = {
      _csrf: csrf,
      title: 'HWBB minutes of 20 October 2021',
      'dates-meetingDate-day': '20',
      'dates-meetingDate-month': '10',
      'dates-meetingDate-year': '2021',
      'dates-nextMeetingDate-day': '17',
      'dates-nextMeetingDate-month': '11',
      'dates-nextMeetingDate-year': '2021',
      'role.viceChair': '',
    };
    // With no body at all, only the chair's field is asked for.
    const refused = await agent
      .post('/cases/new/minutes-approval')
      .type('form')
      .send({ ...typed, 'role.chair': '' })
      .expect(422);
    const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(refused.text)![0];
    expect(summary).toContain('href="#roles-chair"');
    expect(summary).not.toContain('href="#roles-viceChair"');
    const opened = await agent
      .post('/cases/new/minutes-approval')
      .type('form')
      .send({ ...typed, 'role.chair': w.ids.bodies.hwbb })
      .expect(303);
    const caseId = /\/cases\/([0-9a-f-]{36})$/.exec(opened.headers.location as string)![1];
    const read = await request(app.getHttpServer())
      .get(`/api/cases/${caseId}`)
      .set('Authorization', `Bearer ${w.keys.officer}`)
      .expect(200);
    expect(read.body.roles).toMatchObject({
      chair: { actingAs: 'Chair of the Southampton Health and Wellbeing Board' },
      viceChair: { actingAs: 'Vice-chair of the Southampton Health and Wellbeing Board' },
    });
  });

  const openMinutes = (key: string, roles: Record<string, string>) =>
    request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${key}`)
      .send({
        template: 'minutes-approval',
        templateVersion: 2,
        title: 'HWBB minutes of 20 October 2021',
        dates: { meetingDate: '2021-10-20', nextMeetingDate: '2021-11-17' },
        roles,
      });

  it('refuses through the API to reassign a seat role, to another body’s seat or to an office, naming the rule and recording nothing', async () => {
    const opened = await openMinutes(w.keys.officer, { chair: w.ids.bodies.hwbb }).expect(201);
    const caseId = opened.body.id as string;
    const read = async () =>
      (
        await request(app.getHttpServer())
          .get(`/api/cases/${caseId}`)
          .set('Authorization', `Bearer ${w.keys.officer}`)
          .expect(200)
      ).body as { version: number; roles: unknown };
    const before = await read();
    for (const [role, holderId] of [
      ['viceChair', w.ids.bodies.jcb],
      ['chair', w.ids.bodies.jcb],
      ['chair', w.ids.offices.deputyAo],
      ['chair', w.ids.bodies.hwbb],
    ]) {
      const refused = await request(app.getHttpServer())
        .post(`/api/cases/${caseId}/roles/${role}/reassign`)
        .set('Authorization', `Bearer ${w.keys.officer}`)
        .send({ expectedVersion: before.version, holderId });
      expect({ status: refused.status, body: refused.body as unknown }).toMatchObject({
        status: 422,
        body: {
          code: 'GOVERNANCE_RULE_BROKEN',
          rule: 'SEAT_ROLE_FOLLOWS_THE_SEAT',
          detail: expect.stringContaining(
            `of the Southampton Health and Wellbeing Board, as its memberships in the directory say on the day`,
          ),
          problems: [{ path: 'holderId', message: expect.stringContaining('record a new') }],
        },
      });
      expect(JSON.stringify(refused.body)).not.toContain(holderId);
    }
    const after = await read();
    expect(after).toEqual(before);
    const [events]: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'ROLE_REASSIGNED'`,
      [caseId],
    );
    expect(events.n).toBe(0);
  });

  it('opens a case while the Board has no vice-chair, who signs only in the chair’s place, and still needs its chair', async () => {
    const noViceChair = await buildDirectoryWorld(db.ds, (spec) => {
      spec.memberships = spec.memberships.map((ms) =>
        ms.body === 'hwbb' && ms.role === 'vice_chair' ? { ...ms, role: 'member' } : ms,
      );
    });
    const opened = await openMinutes(noViceChair.keys.officer, {
      chair: noViceChair.ids.bodies.hwbb,
    });
    expect({ status: opened.status, body: opened.body as unknown }).toMatchObject({
      status: 201,
    });
    const noChair = await buildDirectoryWorld(db.ds, (spec) => {
      spec.memberships = spec.memberships.filter(
        (ms) => !(ms.body === 'hwbb' && ms.role === 'chair'),
      );
    });
    const refused = await openMinutes(noChair.keys.officer, { chair: noChair.ids.bodies.hwbb });
    expect({ status: refused.status, body: refused.body as unknown }).toMatchObject({
      status: 422,
      body: {
        code: 'INVALID_ROLE_HOLDER',
        problems: [{ path: 'roles.chair', message: expect.stringContaining('has no chair') }],
      },
    });
  });
});
