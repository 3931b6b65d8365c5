import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import type { CaseView } from '../libs/engine/case-view.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import {
  JCB_CASE_MEETING as MEETING,
  jcbCaseWithNotices,
} from '../libs/testing/jcb-dispute-case.factory';
import {
  boardRulesOnlyFrom,
  buildJcbWorld,
  jcbMeetingFacts,
  type JcbWorld,
} from '../libs/testing/jcb-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * Version 12 of the JCB delegated decision through the API: the Board's quorum and consensus are
 * only the ones the council's directory holds on the meeting day. Seed 002's Board meets on Thu 4
 * Sep 2025; in one council its rules stand and the attendance records them; in another they take
 * effect in the directory only after the meeting (libs/testing/jcb-world.factory.ts,
 * boardRulesOnlyFrom), and an attendance is refused whatever rules are sent, where version 11,
 * released, applies the rules sent.
 */
type Problem = { code: string; rule?: string; detail?: string; explanation?: string[] };
type AttendanceRecorded = { boardRules: unknown; quorum: { quorate: boolean } };

describe('JCB delegated decision, version 12: the Board’s rules are only the ones the directory holds', () => {
  let db: TestDatabase;
  let world: JcbWorld;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  const api = () => request(app.getHttpServer());

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildJcbWorld(db.ds);
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const storedAttendance = async (caseId: string) =>
    (
      (await db.ds.query(
        `SELECT payload FROM case_events WHERE case_id = $1 AND type = 'RECORD_ATTENDANCE'`,
        [caseId],
      )) as { payload: AttendanceRecorded }[]
    ).map((e) => e.payload);
  const sendAttendance = (w: JcbWorld, c: CaseView, boardRules?: object) =>
    api()
      .post(`/api/cases/${c.id}/events`)
      .set({ Authorization: `Bearer ${w.keys.officer}` })
      .send({
        type: 'RECORD_ATTENDANCE',
        expectedVersion: c.version,
        payload: { meeting: jcbMeetingFacts(w, MEETING), ...(boardRules ? { boardRules } : {}) },
      });

  it('records the Board’s rules the directory holds with the attendance', async () => {
    const c = await jcbCaseWithNotices(app, world, clock, 'Home care framework', 12);
    const res = await sendAttendance(world, c);
    expect(res.status).toBe(200);
    const [{ rules }]: { rules: { quorum: object; decision: object } }[] = await db.ds.query(
      `SELECT rules FROM body_rules WHERE tenant_id = $1 AND body_id = $2 AND in_force_from IS NULL`,
      [world.tenantId, world.ids.bodies.jcb],
    );
    const [stored] = await storedAttendance(c.id);
    expect(stored.boardRules).toEqual({ quorum: rules.quorum, decision: rules.decision });
    expect(stored.quorum.quorate).toBe(true);
  });

  describe('when the directory holds no rules for the Board on the meeting day', () => {
    // A council of its own, whose Board's rules are moved past the meeting.
    let own: JcbWorld;
    let ownCases: HttpCases;
    let sent: Awaited<ReturnType<typeof boardRulesOnlyFrom>>;
    let onV12: CaseView;
    let onV11: CaseView;
    // The cases open, and their notices are recorded, while the Board's rules still stand.
    beforeAll(async () => {
      own = await buildJcbWorld(db.ds);
      ownCases = new HttpCases(
        () => app,
        () => own.keys.officer,
      );
      onV12 = await jcbCaseWithNotices(app, own, clock, 'Stroke rehabilitation', 12);
      onV11 = await jcbCaseWithNotices(app, own, clock, 'Wheelchair service', 11);
      sent = await boardRulesOnlyFrom(db.ds, own, '2025-10-01');
    });

    it('refuses the attendance over the API whatever rules are sent, naming the rule and saying why, and records nothing', async () => {
      const c = onV12;
      const res = await sendAttendance(own, c, sent);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body as Problem).toMatchObject({
        code: 'GOVERNANCE_RULE_BROKEN',
        rule: 'BOARD_RULES_UNKNOWN',
        explanation: [
          'the council’s directory holds no quorum or decision rule for the Joint Commissioning Board',
          'the rules sent with the meeting are not applied: the Joint Commissioning Board’s rules are only the ones the council’s directory holds',
          'an administrator records the Joint Commissioning Board’s quorum and the partners who must each agree (its consensus) in the directory (JCB terms of reference 8.1)',
        ],
      });
      expect((res.body as Problem).detail).toMatch(
        /^The rule “The Board’s rules are recorded in the directory” refuses this: /,
      );
      const now = await ownCases.read(c.id);
      expect([now.version, now.state.key]).toEqual([c.version, c.state.key]);
      await expect(storedAttendance(c.id)).resolves.toEqual([]);
    });

    it('shows why: version 11, released, applies the rules sent and records them', async () => {
      const c = onV11;
      const res = await sendAttendance(own, c, sent);
      expect(res.status).toBe(200);
      const [stored] = await storedAttendance(c.id);
      expect(stored.boardRules).toEqual(sent);
      expect(stored.quorum.quorate).toBe(true);
    });
  });
});
