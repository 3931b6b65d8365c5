import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import type { BodyRules } from '../libs/governance/body-rules.schema';
import { buildDirectoryWorld, DirectoryWorld } from '../libs/testing/directory-world.factory';
import { CABINET, cabinetRules, withCabinet } from '../libs/testing/cabinet-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * Issue #10: a body's rules change from a day, and each meeting is judged by the rules in force on
 * its date. A Cabinet of six (three elected, three co-opted officers; invented) quorate with 3
 * present including an elected member; from Thu 10 Dec 2026 its quorum is 4. Today is Thu 3 Dec
 * 2026; it met on Thu 19 Nov 2026 and meets again on Thu 17 Dec 2026.
 */
const TODAY = '2026-12-03';
const HELD = '2026-11-19';
const NEXT = '2026-12-17';
const CHANGE_FROM = '2026-12-10';
/** The Cabinet's rules with a quorum of `total`: 3 at first, 4 from CHANGE_FROM. */
const rulesWithQuorum = (council: string, total: number): BodyRules =>
  cabinetRules(council, quorumOf(total));
const quorumOf = (total: number) => ({
  quorumTotal: total,
  quorumSource:
    total === 3 ? 'Executive procedure rules 4.2' : 'Executive procedure rules 4.2 (2027)',
  reportClearDays: 5,
  noticesSource: '2012 Regulations',
});

describe('a body’s rules changed from a day', () => {
  let db: TestDatabase;
  let world: DirectoryWorld;
  let app: INestApplication;
  let cabinetId: string;
  let heldId: string;

  beforeAll(async () => {
    db = await openTestDatabase(4);
    world = await buildDirectoryWorld(db.ds, withCabinet(quorumOf(3)));
    cabinetId = world.ids.bodies.cabinet;
    app = await buildTestApp(db.ds, new ManualClock(new Date(`${TODAY}T10:00:00Z`)));
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const api = () => request(app.getHttpServer());
  const officer = () => ({ Authorization: `Bearer ${world.keys.officer}` });
  const admin = () => ({ Authorization: `Bearer ${world.adminKey}` });
  const threePresent = () =>
    CABINET.map(([key]) => ({
      personId: world.ids.people[key],
      status: ['leader', 'officer1', 'officer2'].includes(key) ? 'present' : 'apologies',
    }));
  const meetingOn = async (meetingDate: string) =>
    (
      await api()
        .post('/api/meetings')
        .set(officer())
        .send({ body: cabinetId, meetingDate, title: `Cabinet, ${meetingDate}` })
        .expect(201)
    ).body.id as string;
  const bodyVersion = async () =>
    (await api().get(`/api/directory/bodies/${cabinetId}`).set(admin()).expect(200)).body
      .version as number;
  const rulesRows = async () =>
    Number(
      (await db.ds.query('SELECT count(*) AS n FROM body_rules WHERE body_id = $1', [cabinetId]))[0]
        .n,
    );

  it('holds the meeting already held under the first rules: three present is quorate', async () => {
    heldId = await meetingOn(HELD);
    const res = await api()
      .put(`/api/meetings/${heldId}/attendance`)
      .set(officer())
      .send(threePresent())
      .expect(200);
    expect(res.body.quorum).toMatchObject({
      quorate: true,
      explanation: expect.arrayContaining(['3 present and counted, at least 3 needed: met']),
    });
  });

  it('refuses a change taking effect on or before a meeting already held, naming the rule, and changes nothing', async () => {
    const version = await bodyVersion();
    const res = await api()
      .patch(`/api/directory/bodies/${cabinetId}`)
      .set(admin())
      .send({
        expectedVersion: version,
        rules: rulesWithQuorum(world.ids.organisations.council, 4),
        rulesInForceFrom: HELD,
        rulesReason: 'Council, 25 November 2026, minute 7',
      })
      .expect(422);
    expect(res.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'RULES_CHANGE_BEFORE_A_HELD_MEETING',
      explanation: expect.arrayContaining([
        'choose 20 November 2026 or a later day for the new rules to take effect',
      ]),
    });
    expect(await bodyVersion()).toBe(version);
    expect(await rulesRows()).toBe(1);
  });

  it('refuses a day that is not a date, saying how to write one', async () => {
    const res = await api()
      .patch(`/api/directory/bodies/${cabinetId}`)
      .set(admin())
      .send({
        expectedVersion: await bodyVersion(),
        rules: rulesWithQuorum(world.ids.organisations.council, 4),
        rulesInForceFrom: '2026-02-30',
      })
      .expect(422);
    expect(res.body.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'rulesInForceFrom' })]),
    );
    expect(await rulesRows()).toBe(1);
  });

  it('judges a meeting before the day by the old rule and one after it by the new: the same three present', async () => {
    await api()
      .patch(`/api/directory/bodies/${cabinetId}`)
      .set(admin())
      .send({
        expectedVersion: await bodyVersion(),
        rules: rulesWithQuorum(world.ids.organisations.council, 4),
        rulesInForceFrom: CHANGE_FROM,
        rulesReason: 'Council, 25 November 2026, minute 7: a quorum of four',
      })
      .expect(200);

    const next = await meetingOn(NEXT);
    const after = await api()
      .put(`/api/meetings/${next}/attendance`)
      .set(officer())
      .send(threePresent())
      .expect(200);
    expect(after.body.quorum).toMatchObject({
      quorate: false,
      explanation: expect.arrayContaining([
        'Cabinet quorum: Executive procedure rules 4.2 (2027)',
        '3 present and counted, at least 4 needed: not met',
      ]),
    });

    // The meeting held before the day, recorded again, is still judged by the rules of its day.
    const before = await api()
      .put(`/api/meetings/${heldId}/attendance`)
      .set(officer())
      .send(threePresent())
      .expect(200);
    expect(before.body.quorum).toMatchObject({
      quorate: true,
      explanation: expect.arrayContaining([
        'Cabinet quorum: Executive procedure rules 4.2',
        '3 present and counted, at least 3 needed: met',
      ]),
    });
  });

  it('reads the rules in force on a day and every change with its day, who and why', async () => {
    const on = async (day: string) =>
      (await api().get(`/api/directory/bodies/${cabinetId}?on=${day}`).set(officer()).expect(200))
        .body;
    expect((await on(HELD)).rules.quorum.total).toBe(3);
    expect((await on(TODAY)).rules.quorum.total).toBe(3);
    const later = await on(NEXT);
    expect(later.rules.quorum.total).toBe(4);
    expect(later.rulesHistory).toEqual([
      expect.objectContaining({ inForceFrom: null, reason: null }),
      expect.objectContaining({
        inForceFrom: CHANGE_FROM,
        reason: 'Council, 25 November 2026, minute 7: a quorum of four',
        recordedBy: { kind: 'person', personId: world.adminId, name: 'Riley Shaw' },
      }),
    ]);
    const [change]: { after: Record<string, unknown> }[] = await db.ds.query(
      `SELECT after FROM directory_changes WHERE tenant_id = $1 AND subject = 'body' AND subject_id = $2
        ORDER BY seq DESC LIMIT 1`,
      [world.tenantId, cabinetId],
    );
    expect(change.after).toMatchObject({
      rulesInForceFrom: CHANGE_FROM,
      rulesReason: 'Council, 25 November 2026, minute 7: a quorum of four',
    });
  });

  it('applies a new body’s first rules to every day until they change: they were never dated', async () => {
    const made = await api()
      .post('/api/directory/bodies')
      .set(admin())
      .send({
        name: 'Scrutiny Panel',
        kind: 'committee',
        rules: rulesWithQuorum(world.ids.organisations.council, 3),
      })
      .expect(201);
    const res = await api()
      .post('/api/meetings')
      .set(officer())
      .send({ body: made.body.id, meetingDate: '2019-01-10', title: 'Before anything' })
      .expect(201);
    // Its first rules hold from when it was set up, and for any earlier day a record names.
    expect(res.body.quorumRule).toMatchObject({ total: 3 });
  });
});
