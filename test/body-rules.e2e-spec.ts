import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { CABINET, withCabinet } from '../libs/testing/cabinet-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

/*
 * Issue #10: every body's meetings are held under its own stored rules. A Cabinet of six (three
 * Cabinet members, three co-opted officers; invented), quorate with 3 present including at least
 * one elected member, deciding by simple majority, and asking for 10 clear days' notice of
 * reports. Meeting Thu 18 Sep 2025.
 */
const MEETING = '2025-09-18';

describe('a body with rules of its own', () => {
  let db: TestDatabase;
  let world: BcfWorld;
  let app: INestApplication;
  let meetingId: string;
  let itemId: string;

  beforeAll(async () => {
    db = await openTestDatabase(4);
    world = await buildBcfWorld(db.ds, {
      tweak: withCabinet({
        quorumTotal: 3,
        quorumSource: 'Executive procedure rules 4.2',
        reportClearDays: 10,
        noticesSource: 'Executive procedure rules 2.3',
      }),
    });
    // The Cabinet meeting's evening: its report published, the Cabinet met.
    app = await buildTestApp(db.ds, new ManualClock(new Date(`${MEETING}T18:00:00Z`)));
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const api = () => request(app.getHttpServer());
  const officer = () => ({ Authorization: `Bearer ${world.keys.officer}` });
  const id = (key: string) => world.ids.people[key];
  const attendance = (present: string[]) =>
    CABINET.map(([key]) => ({
      personId: id(key),
      status: present.includes(key) ? 'present' : 'apologies',
    }));

  it('holds the Cabinet’s meeting under its own quorum and notice rules', async () => {
    const scheduled = await api()
      .post('/api/meetings')
      .set(officer())
      .send({ body: world.ids.bodies.cabinet, meetingDate: MEETING, title: 'Cabinet, 18 Sep 2025' })
      .expect(201);
    meetingId = scheduled.body.id;
    expect(scheduled.body).toMatchObject({
      bodyKind: 'cabinet',
      quorumRule: { body: 'Cabinet', source: 'Executive procedure rules 4.2', total: 3 },
      decisionRule: { kind: 'majority', source: 'Executive procedure rules 6.1' },
    });
    const added = await api()
      .post(`/api/meetings/${meetingId}/agenda-items`)
      .set(officer())
      .send({
        title: 'Leisure centres contract',
        keyDecision: false,
        reportPublishedOn: '2025-09-08',
      })
      .expect(201);
    itemId = added.body.agenda[0].id;
    // 9 clear days: enough for the 2012 Regulations (5), not for the Cabinet's own rule (10).
    expect(added.body.agenda[0].notices.verdicts[1]).toMatchObject({
      code: 'REPORT_LATE',
      explanation: expect.arrayContaining([
        'the body’s own rule asks for 10 clear days (Executive procedure rules 2.3)',
      ]),
    });
  });

  it('finds three officers present inquorate: an officer member is not an elected member', async () => {
    const res = await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(officer())
      .send(attendance(['officer1', 'officer2', 'officer3']))
      .expect(200);
    expect(res.body.quorum).toMatchObject({
      quorate: false,
      explanation: expect.arrayContaining([
        'Cabinet quorum: Executive procedure rules 4.2',
        '3 present and counted, at least 3 needed: met',
        'elected members present and counted: 0, at least 1 needed: not met',
      ]),
    });
    const withLeader = await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(officer())
      .send(attendance(['leader', 'officer1', 'officer2']))
      .expect(200);
    expect(withLeader.body.quorum).toMatchObject({
      quorate: true,
      explanation: expect.arrayContaining(['Cllr Lena Park present, counts as elected, executive']),
    });
  });

  it('decides by majority: carried two to one, with no deferral for the Chair to choose', async () => {
    await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${itemId}/notice-routes`)
      .set(officer())
      .send({ lateItemSpecialCircumstances: 'Tender validity ends before the next meeting' })
      .expect(200);
    const hands = [
      { personId: id('leader'), hand: 'for' },
      { personId: id('officer1'), hand: 'for' },
      { personId: id('officer2'), hand: 'against' },
    ];
    const deferred = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${itemId}/show-of-hands`)
      .set(officer())
      .send({ hands, chairChoice: { outcome: 'deferred', consultedThosePresent: true } })
      .expect(422);
    expect(deferred.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'CHAIR_CHOICE_NOT_UNDER_MAJORITY',
    });
    const carried = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${itemId}/show-of-hands`)
      .set(officer())
      .send({ hands })
      .expect(201);
    expect(carried.body.agenda[0].outcome).toMatchObject({
      outcome: 'carried',
      tally: { for: 2, against: 1, abstain: 0 },
      explanation: expect.arrayContaining([
        'decided by a simple majority (Executive procedure rules 6.1)',
        'carried: more for than against',
      ]),
    });
  });
});
