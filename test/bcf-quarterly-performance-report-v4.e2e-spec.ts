import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import { buildJcbWorld, JCB_MEMBERS, type JcbWorld } from '../libs/testing/jcb-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { withCommissioningLead } from '../libs/testing/world.factory';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * Version 4 of the BCF performance report through the HTTP API against PostgreSQL: a meeting's
 * show of hands on the report is taken only from a meeting later than the last meeting, of either
 * body, that took it. The year-end report 2025/26: signed off by the JCB on Thu 20 Aug 2026,
 * referred back by the HWBB on Wed 26 Aug; the JCB's consensus of Sat 22 Aug, recorded afterwards,
 * is refused whole; the JCB signs the revised report off on Thu 27 Aug, the HWBB notes it on
 * Wed 2 Sep. Every meeting scheduled on 1 June, its agenda published 14 days before it.
 */

type Body = 'jcb' | 'hwbb';
const MEETINGS: Record<string, Body> = {
  '2026-08-20': 'jcb',
  '2026-08-22': 'jcb',
  '2026-08-26': 'hwbb',
  '2026-08-27': 'jcb',
  '2026-09-02': 'hwbb',
};
const HWBB_MEMBERS = ['chair', 'gp', 'healthwatch', 'cabinet'];
const YEAR_END = { jcbMeetingDate: '2026-08-20', submissionDate: '2026-09-10' };
const TITLE = 'BCF year-end report 2025/26';

describe('BCF performance report, version 4: each meeting’s outcome after the last on the report', () => {
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
    world = await buildJcbWorld(db.ds, { tweak: withCommissioningLead });
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
  async function itemAt(meetingDate: string, caseId: string): Promise<string> {
    clock.set(`${meetingDate}T18:00:00Z`);
    await api()
      .put(`/api/meetings/${meetingIds[meetingDate]}/attendance`)
      .set(officer())
      .send(membersOf(meetingDate).map((personId) => ({ personId, status: 'present' })))
      .expect(200);
    const added = await api()
      .post(`/api/meetings/${meetingIds[meetingDate]}/agenda-items`)
      .set(officer())
      .send({ title: TITLE, caseId, keyDecision: false })
      .expect(201);
    const agenda = (added.body as { agenda: { id: string }[] }).agenda;
    return agenda[agenda.length - 1].id;
  }

  /** Every member's hand for, or one against and the Chair's referral back. */
  const showOfHands = (meetingDate: string, itemId: string, choice?: 'referredBack') => {
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

  const outcomesOf = async (caseId: string, type: string): Promise<unknown[]> =>
    (
      (await db.ds.query(
        'SELECT payload FROM case_events WHERE case_id = $1 AND type = $2 ORDER BY seq',
        [caseId, type],
      )) as { payload: { meetingDate: string; outcome: string } }[]
    ).map((e) => [e.payload.meetingDate, e.payload.outcome]);

  /** How many hands and outcomes the meeting recorded on the agenda item. */
  const recordedOn = async (itemId: string): Promise<{ votes: number; outcomes: number }> => {
    const [row] = (await db.ds.query(
      `SELECT (SELECT count(*) FROM votes WHERE item_id = $1)::int AS votes,
              (SELECT count(*) FROM item_outcomes WHERE item_id = $1)::int AS outcomes`,
      [itemId],
    )) as { votes: number; outcomes: number }[];
    return row;
  };

  it('refuses the JCB’s consensus of 22 August on the report the HWBB referred back on 26 August, recording nothing, and takes a later one', async () => {
    clock.set('2026-06-01T09:00:00Z');
    // On version 4 by its number: a later version made current is another template.
    const opened = await cases.open({
      template: 'bcf-quarterly-performance-report',
      templateVersion: 4,
      title: TITLE,
      dates: YEAR_END,
      roles: { commissioningLead: world.ids.offices.commissioningLead },
    });
    expect(opened.template).toMatchObject({ id: 'bcf-quarterly-performance-report', version: 4 });
    const report = await cases.act(opened, 'officer', 'RECORD_PREPARED', {
      preparedOn: '2026-06-01',
      period: 'yearEnd',
      financialYear: '2025/26',
    });

    expect((await showOfHands('2026-08-20', await itemAt('2026-08-20', report.id))).status).toBe(
      201,
    );
    const referring = await itemAt('2026-08-26', report.id);
    expect((await showOfHands('2026-08-26', referring, 'referredBack')).status).toBe(201);
    const before = await cases.read(report.id);
    expect(before.state.key).toBe('open.laterJcb');

    const earlier = await itemAt('2026-08-22', report.id);
    const refused = await showOfHands('2026-08-22', earlier);
    expect({ status: refused.status, body: refused.body as unknown }).toMatchObject({
      status: 422,
      body: { code: 'GOVERNANCE_RULE_BROKEN', rule: 'MEETING_BEFORE_THE_LAST_ON_THE_MATTER' },
    });
    expect((refused.body as { explanation: string[] }).explanation[0]).toBe(
      'the meeting of Sat 22 Aug 2026 is not later than the HWBB’s meeting on Wed 26 Aug 2026, the last meeting to take the matter',
    );
    // Nothing recorded: neither the case nor the meeting's item took the show of hands.
    const after = await cases.read(report.id);
    expect([after.version, after.state.summary]).toEqual([before.version, before.state.summary]);
    expect(await outcomesOf(report.id, 'RECORD_JCB_DECISION')).toEqual([
      ['2026-08-20', 'consensus'],
    ]);
    expect(await recordedOn(earlier)).toEqual({ votes: 0, outcomes: 0 });
    expect(await recordedOn(referring)).toEqual({ votes: 4, outcomes: 1 });

    // The JCB's meeting after the referral signs the revised report off; the HWBB's next notes it.
    expect((await showOfHands('2026-08-27', await itemAt('2026-08-27', report.id))).status).toBe(
      201,
    );
    expect((await cases.read(report.id)).state.key).toBe('open.hwbb.awaiting');
    expect((await showOfHands('2026-09-02', await itemAt('2026-09-02', report.id))).status).toBe(
      201,
    );
    expect((await cases.read(report.id)).state.key).toBe('open.readyToSubmit');
    expect(await outcomesOf(report.id, 'RECORD_HWBB_DECISION')).toEqual([
      ['2026-08-26', 'referredBack'],
      ['2026-09-02', 'consensus'],
    ]);
  });
});
