import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import type { CaseView } from '../libs/engine/case-view.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import { buildJcbWorld, JCB_MEMBERS, type JcbWorld } from '../libs/testing/jcb-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { withCommissioningLead } from '../libs/testing/world.factory';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * Version 3 of the BCF performance report through the HTTP API against PostgreSQL: the JCB signs
 * the report off by the show of hands at its meeting, and the HWBB notes the year-end report by
 * its own, never by a decision typed into the case (DOMAIN.md workflow 5; seed 002, JCB ToR
 * 8.1-8.3). The year-end report 2025/26: JCB Thu 18 Jun 2026, HWBB Wed 1 and Wed 8 Jul, NHS England
 * by Fri 17 Jul. Quarter 1 2026/27: JCB Thu 20 Aug and Thu 3 Sep 2026, NHS England by Thu 10 Sep.
 * Every meeting scheduled on 1 June, its agenda published 14 days before it. BST is UTC+1.
 */

type Body = 'jcb' | 'hwbb';
const MEETINGS: Record<string, Body> = {
  '2026-06-18': 'jcb',
  '2026-07-01': 'hwbb',
  '2026-07-08': 'hwbb',
  '2026-08-20': 'jcb',
  '2026-09-03': 'jcb',
};
const HWBB_MEMBERS = ['chair', 'gp', 'healthwatch', 'cabinet'];
const YEAR_END = { jcbMeetingDate: '2026-06-18', submissionDate: '2026-07-17' };
const Q1 = { jcbMeetingDate: '2026-08-20', submissionDate: '2026-09-10' };

type StoredEvent = { type: string; payload: Record<string, unknown> };

describe('BCF performance report, version 3: the JCB and the HWBB decide at their meetings', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let world: JcbWorld;
  let cases: HttpCases;
  const clock = new ManualClock(new Date('2026-06-01T09:00:00Z'));
  const api = () => request(app.getHttpServer());
  const officer = () => ({ Authorization: `Bearer ${world.keys.officer}` });
  const meetingIds: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildJcbWorld(db.ds, {
      tweak: withCommissioningLead,
    });
    app = await buildTestApp(db.ds, clock);
    cases = new HttpCases(
      () => app,
      (who) => world.keys[who],
    );
    for (const [meetingDate, body] of Object.entries(MEETINGS)) {
      clock.set('2026-06-01T09:00:00Z');
      const scheduled = await api()
        .post('/api/meetings')
        .set(officer())
        .send({ body: world.ids.bodies[body], meetingDate, title: `${body}, ${meetingDate}` })
        .expect(201);
      meetingIds[meetingDate] = (scheduled.body as { id: string }).id;
      const published = new Date(Date.parse(`${meetingDate}T09:00:00Z`) - 14 * 86_400_000);
      clock.set(published.toISOString());
      await api()
        .post(`/api/meetings/${meetingIds[meetingDate]}/publication`)
        .set(officer())
        .send({ agendaPublishedOn: published.toISOString().slice(0, 10) })
        .expect(200);
    }
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const membersOf = (meetingDate: string) =>
    MEETINGS[meetingDate] === 'jcb'
      ? JCB_MEMBERS.map(([k]) => world.id(k))
      : HWBB_MEMBERS.map((k) => world.ids.people[k]);

  /** The meeting's evening, every member present, an item linked to the case: the item's id. */
  async function itemAt(meetingDate: string, title: string, caseId: string): Promise<string> {
    clock.set(`${meetingDate}T18:00:00Z`);
    await api()
      .put(`/api/meetings/${meetingIds[meetingDate]}/attendance`)
      .set(officer())
      .send(membersOf(meetingDate).map((personId) => ({ personId, status: 'present' })))
      .expect(200);
    const added = await api()
      .post(`/api/meetings/${meetingIds[meetingDate]}/agenda-items`)
      .set(officer())
      .send({ title, caseId, keyDecision: false })
      .expect(201);
    const agenda = (added.body as { agenda: { id: string }[] }).agenda;
    return agenda[agenda.length - 1].id;
  }

  /** Every member's hand for, or one against and the Chair's choice. */
  const showOfHands = (
    meetingDate: string,
    itemId: string,
    choice?: 'deferred' | 'referredBack',
  ) => {
    const people = membersOf(meetingDate);
    return api()
      .post(`/api/meetings/${meetingIds[meetingDate]}/agenda-items/${itemId}/show-of-hands`)
      .set(officer())
      .send({
        hands: people.map((personId, i) => ({
          personId,
          hand: choice && i === people.length - 1 ? 'against' : 'for',
        })),
        ...(choice ? { chairChoice: { outcome: choice, consultedThosePresent: true } } : {}),
      });
  };

  const eventsOf = (caseId: string, type: string): Promise<StoredEvent[]> =>
    db.ds.query(
      'SELECT type, payload FROM case_events WHERE case_id = $1 AND type = $2 ORDER BY seq',
      [caseId, type],
    );

  const emailsOf = async (caseId: string, message: string): Promise<number> =>
    Number(
      (
        (await db.ds.query(
          `SELECT count(*) AS n FROM effects WHERE case_id = $1 AND kind = 'email' AND payload->>'message' = $2`,
          [caseId, message],
        )) as { n: string }[]
      )[0].n,
    );

  async function prepared(
    title: string,
    dates: typeof Q1,
    period: string,
    financialYear: string,
  ): Promise<CaseView> {
    clock.set('2026-06-01T09:00:00Z');
    const opened = await cases.open({
      template: 'bcf-quarterly-performance-report',
      // Version 3's cases, opened by name since version 4 is current; they finish on it.
      templateVersion: 3,
      title,
      dates,
      roles: { commissioningLead: world.ids.offices.commissioningLead },
    });
    expect(opened.template).toMatchObject({ version: 3 });
    return cases.act(opened, 'officer', 'RECORD_PREPARED', {
      preparedOn: '2026-06-01',
      period,
      financialYear,
    });
  }

  it('refuses the JCB’s sign-off typed into the case, and version 2’s typed sign-off', async () => {
    const report = await prepared('BCF report Q1 2026/27, typed', Q1, 'Q1', '2026/27');
    const decision = { meetingDate: '2026-06-01', minuteReference: 'JCB, item 6' };
    for (const payload of [
      { ...decision, outcome: 'consensus' },
      { ...decision, outcome: 'consensus', fromMeeting: true },
    ]) {
      const res = await api()
        .post(`/api/cases/${report.id}/events`)
        .set(officer())
        .send({ type: 'RECORD_JCB_DECISION', expectedVersion: report.version, payload });
      expect({ status: res.status, body: res.body as unknown }).toMatchObject({
        status: 422,
        body: { code: 'GOVERNANCE_RULE_BROKEN', rule: 'DECIDED_AT_A_MEETING' },
      });
    }
    const typed = await api()
      .post(`/api/cases/${report.id}/events`)
      .set(officer())
      .send({ type: 'RECORD_JCB_SIGN_OFF', expectedVersion: report.version, payload: decision });
    expect((typed.body as { code: string }).code).toBe('UNKNOWN_EVENT');
    expect(typed.status).toBeGreaterThanOrEqual(400);
    expect(typed.status).toBeLessThan(500);
    const after = await cases.read(report.id);
    expect([after.version, after.state.summary]).toEqual([report.version, report.state.summary]);
  });

  it('takes the year-end report’s sign-off from the JCB’s meeting and its noting from the HWBB’s, deferred once', async () => {
    const report = await prepared('BCF year-end report 2025/26', YEAR_END, 'yearEnd', '2025/26');

    const atJcb = await itemAt('2026-06-18', 'BCF year-end report 2025/26', report.id);
    expect((await showOfHands('2026-06-18', atJcb)).status).toBe(201);
    const signedOff = await cases.read(report.id);
    expect(signedOff.state).toMatchObject({
      key: 'open.hwbb.awaiting',
      summary:
        'Year-end 2025/26 report: signed off by the JCB: awaiting the HWBB’s show of hands noting the year-end report before NHS England',
    });
    expect(await emailsOf(report.id, 'report-for-hwbb')).toBe(1);

    // The JCB's show of hands while the case awaits the HWBB: refused whole, nothing recorded.
    const again = await itemAt('2026-06-18', 'BCF year-end report 2025/26, again', report.id);
    const refused = await showOfHands('2026-06-18', again);
    expect({ status: refused.status, body: refused.body as unknown }).toMatchObject({
      status: 422,
      body: { code: 'GOVERNANCE_RULE_BROKEN', rule: 'CASE_AWAITING_ANOTHER_BODY' },
    });
    expect((await cases.read(report.id)).version).toBe(signedOff.version);

    const first = await itemAt('2026-07-01', 'BCF year-end report 2025/26', report.id);
    expect((await showOfHands('2026-07-01', first, 'deferred')).status).toBe(201);
    expect((await cases.read(report.id)).state.summary).toBe(
      'Year-end 2025/26 report: deferred by the HWBB at its meeting of Wednesday 1 July 2026: awaiting a later HWBB meeting’s show of hands',
    );
    expect(await emailsOf(report.id, 'hwbb-deferred')).toBe(1);

    const later = await itemAt('2026-07-08', 'BCF year-end report 2025/26', report.id);
    expect((await showOfHands('2026-07-08', later)).status).toBe(201);
    const noted = await cases.read(report.id);
    expect(noted.state.summary).toBe(
      'Year-end 2025/26 report: noted by the HWBB: awaiting submission to NHS England by Friday 17 July 2026',
    );
    expect((await eventsOf(report.id, 'RECORD_HWBB_DECISION')).map((e) => e.payload)).toEqual([
      {
        meetingDate: '2026-07-01',
        minuteReference: '"BCF year-end report 2025/26", meeting of 2026-07-01',
        outcome: 'deferred',
        fromMeeting: true,
      },
      {
        meetingDate: '2026-07-08',
        minuteReference: '"BCF year-end report 2025/26", meeting of 2026-07-08',
        outcome: 'consensus',
        fromMeeting: true,
      },
    ]);

    clock.set('2026-07-15T10:00:00Z');
    const submitted = await cases.act(noted, 'officer', 'RECORD_SUBMISSION', {
      submittedOn: '2026-07-15',
    });
    expect(submitted.state.closed).toBe(true);
    expect(await cases.verify(report.id)).toEqual(
      expect.objectContaining({ ok: true, records: submitted.version }),
    );
  });

  it('waits for a later JCB meeting when the JCB defers a quarter, then sends it to NHS England', async () => {
    const report = await prepared('BCF report Q1 2026/27', Q1, 'Q1', '2026/27');
    const first = await itemAt('2026-08-20', 'BCF performance report Q1 2026/27', report.id);
    expect((await showOfHands('2026-08-20', first, 'deferred')).status).toBe(201);
    const deferred = await cases.read(report.id);
    expect(deferred.state).toMatchObject({
      key: 'open.laterJcb',
      summary:
        'Quarter 1 2026/27 report: deferred by the JCB at its meeting of Thursday 20 August 2026: awaiting a later JCB meeting’s show of hands',
    });
    expect(await emailsOf(report.id, 'jcb-deferred')).toBe(1);

    const later = await itemAt('2026-09-03', 'BCF performance report Q1 2026/27', report.id);
    expect((await showOfHands('2026-09-03', later)).status).toBe(201);
    const signedOff = await cases.read(report.id);
    expect(signedOff.state).toMatchObject({
      key: 'open.readyToSubmit',
      summary:
        'Quarter 1 2026/27 report: signed off by the JCB, awaiting submission to NHS England by Thursday 10 September 2026',
    });
    expect(await emailsOf(report.id, 'report-for-hwbb')).toBe(0);
  });
});
