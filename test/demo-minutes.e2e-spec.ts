import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { DEMO_API_KEYS, seedDemo } from '../libs/demo/demo-seed.service';
import { demoOpenings } from '../libs/demo/demo-templates.service';
import type { TenantIds } from '../libs/directory/tenant-setup.service';
import { londonDate } from '../libs/governance/working-day-calendar.service';
import { LinkTokens } from '../libs/links/link-token.service';
import { demoTenantIds } from '../libs/testing/demo-tenant-ids.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { DemoSeedProviders } from '../libs/demo/demo-seed-providers.service';
import { currentVersion } from '../libs/workflows/template.registry';

/**
 * The demo's minutes (issue #15): the case of the Health and Wellbeing Board's earlier meeting's
 * minutes, opened as the demo opens it (the current version, the Board's chair seat), approved at the
 * Board's meeting today with the chair sending apologies, and signed by the vice-chair from the
 * emailed link in the chair's place, as a newcomer would walk it on the day they run the demo.
 */
describe('the demo’s minutes: approved at today’s HWBB meeting, signed by the vice-chair', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ids: TenantIds;
  const clock = new ManualClock(new Date('2026-11-25T10:00:00Z'));
  const officer = { Authorization: `Bearer ${DEMO_API_KEYS.officer}` };
  const api = () => request(app.getHttpServer());

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    await seedDemo(db.ds, clock, app.get(DemoSeedProviders));
    ids = await demoTenantIds(db.ds);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('runs from the opening to the vice-chair’s signature', async () => {
    const today = londonDate(clock.now());
    const opening = demoOpenings(ids, today)['minutes-approval'];
    const opened = await api()
      .post('/api/cases')
      .set(officer)
      .send({ template: 'minutes-approval', title: 'HWBB minutes', ...opening })
      .expect(201);
    expect(opened.body.template).toMatchObject({
      id: 'minutes-approval',
      version: currentVersion('minutes-approval'),
    });
    const caseId = opened.body.id as string;

    const meetings = (await api().get('/api/meetings').set(officer).expect(200)).body.items as {
      id: string;
      title: string;
      meetingDate: string;
    }[];
    const hwbb = (date: string) =>
      meetings.find((m) => m.title.startsWith('Health and Wellbeing') && m.meetingDate === date)!;
    const earlier = hwbb(opening.dates.meetingDate);
    const todays = hwbb(today);
    const members = (await api().get(`/api/meetings/${todays.id}`).set(officer).expect(200)).body
      .members as { personId: string }[];
    await api()
      .put(`/api/meetings/${todays.id}/attendance`)
      .set(officer)
      .send(
        members.map((m) => ({
          personId: m.personId,
          status: m.personId === ids.people.chair ? 'apologies' : 'present',
        })),
      )
      .expect(200);
    await api()
      .post(`/api/meetings/${todays.id}/minutes-approval`)
      .set(officer)
      .send({ previousMeetingId: earlier.id, amendments: ['Item 4: the date to read 2 October'] })
      .expect(201);

    const asked = await api().get(`/api/cases/${caseId}`).set(officer).expect(200);
    expect(asked.body.state.summary).toMatch(
      /^Approved at the meeting as a correct record with 1 amendment: awaiting the vice-chair’s signature in the place of the chair \(Cllr Alex Rowe, the chair, was not present at the meeting of /,
    );
    const [link]: { id: string }[] = await db.ds.query(
      `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
      [caseId, ids.people.gp],
    );
    const token = app.get(LinkTokens).tokenFor(link.id);
    const page = await api().get(`/act/${token}`).expect(200);
    expect(page.text).toContain('Cllr Alex Rowe, the chair');
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1];
    const signed = await api()
      .post(`/act/${token}`)
      .type('form')
      .send({ csrf, response: 'approve' });
    expect(signed.status).toBeLessThan(400);
    const closed = await api().get(`/api/cases/${caseId}`).set(officer).expect(200);
    expect(closed.body.state.summary).toBe(
      'Signed by the vice-chair in the place of the chair (Cllr Alex Rowe) as a correct record, with 1 amendment',
    );
  });
});
