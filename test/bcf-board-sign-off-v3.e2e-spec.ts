import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { ManualClock } from '../libs/core/clock.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld, withIntegratedCareBoard } from '../libs/testing/world.factory';

/*
 * Version 3 of the BCF plan signed off by the full board: the HWBB agrees the arrangements for
 * approving the final version by the show of hands at its meeting (seed 002, item 8,
 * recommendation (ii)), as version 2 takes its approval. Modelled on version 2's journeys: through the HTTP API against
 * PostgreSQL: the 2026/27 plan (national deadline Wed 30 Sep 2026) approved by the council's Chief
 * Executive, the Integrated Care Board's Chief Executive, and the Health and Wellbeing Board by the
 * show of hands at its meetings (Wed 8 and Wed 22 July 2026, agenda published Fri 26 June), never by
 * a decision typed into the case. London is on BST (UTC+1) in summer.
 */

type Who = 'officer' | 'ceo' | 'ao' | 'chair';
const DATES = { nationalDeadline: '2026-09-30', expectedAssuranceDate: '2026-11-13' };
const FIRST = '2026-07-08';
const LATER = '2026-07-22';
const ARRANGEMENTS = {
  meetingDate: '2026-06-10',
  minuteReference: 'HWBB 10 Jun 2026, minute 6',
  arrangements:
    'Final version to the HWBB in July; the council’s and the ICB’s Chief Executives to approve',
};

type StoredEvent = { type: string; payload: Record<string, unknown> };

describe('BCF full board sign-off, version 3: the HWBB agrees the arrangements at its meeting', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let world: BcfWorld;
  let cases: HttpCases;
  const clock = new ManualClock(new Date('2026-06-01T09:00:00Z'));
  const api = () => request(app.getHttpServer());
  const auth = (who: Who) => ({ Authorization: `Bearer ${world.keys[who]}` });
  const meetings: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    world = await buildBcfWorld(db.ds, { tweak: withIntegratedCareBoard });
    cases = new HttpCases(
      () => app,
      (who) => world.keys[who as Who],
    );
    for (const meetingDate of [FIRST, LATER]) {
      clock.set('2026-06-01T09:00:00Z');
      const scheduled = await api()
        .post('/api/meetings')
        .set(auth('officer'))
        .send({
          body: world.ids.bodies.hwbb,
          meetingDate,
          title: `Health and Wellbeing Board, ${meetingDate}`,
        })
        .expect(201);
      meetings[meetingDate] = (scheduled.body as { id: string }).id;
      clock.set('2026-06-26T09:00:00Z');
      await api()
        .post(`/api/meetings/${meetings[meetingDate]}/publication`)
        .set(auth('officer'))
        .send({ agendaPublishedOn: '2026-06-26' })
        .expect(200);
    }
  });
  beforeEach(() => clock.set('2026-06-29T09:00:00Z'));
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const MEMBERS = ['chair', 'gp', 'healthwatch', 'cabinet'];

  /** The plan opened on the current version, awaiting the Board's consideration. */
  const openPlan = (title: string): Promise<CaseView> =>
    cases.open({
      template: 'bcf-board-sign-off',
      title,
      dates: DATES,
      roles: {
        chiefExecutive: world.ids.offices.ceo,
        accountableOfficer: world.ids.offices.icbChiefExecutive,
      },
    });

  /** The meeting of `meetingDate`, its evening: every member present, an item linked to the case. */
  async function itemAt(meetingDate: string, title: string, caseId: string): Promise<string> {
    clock.set(`${meetingDate}T18:00:00Z`);
    const meetingId = meetings[meetingDate];
    await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(auth('officer'))
      .send(MEMBERS.map((k) => ({ personId: world.ids.people[k], status: 'present' })))
      .expect(200);
    const added = await api()
      .post(`/api/meetings/${meetingId}/agenda-items`)
      .set(auth('officer'))
      .send({ title, caseId, keyDecision: false })
      .expect(201);
    const agenda = (added.body as { agenda: { id: string }[] }).agenda;
    return agenda[agenda.length - 1].id;
  }

  const showOfHands = (meetingDate: string, itemId: string, body: object) =>
    api()
      .post(`/api/meetings/${meetings[meetingDate]}/agenda-items/${itemId}/show-of-hands`)
      .set(auth('officer'))
      .send(body);

  const hands = (hand: (k: string) => string = () => 'for') =>
    MEMBERS.map((k) => ({ personId: world.ids.people[k], hand: hand(k) }));

  const eventsOf = (caseId: string, type: string): Promise<StoredEvent[]> =>
    db.ds.query(
      'SELECT type, payload FROM case_events WHERE case_id = $1 AND type = $2 ORDER BY seq',
      [caseId, type],
    );

  const emailsOf = async (caseId: string, message: string): Promise<string[]> =>
    (
      (await db.ds.query(
        `SELECT payload->'to'->>'id' AS to FROM effects
          WHERE case_id = $1 AND kind = 'email' AND payload->>'message' = $2 ORDER BY 1`,
        [caseId, message],
      )) as { to: string }[]
    ).map((r) => r.to);

  it('refuses the arrangements typed into the case, and a show of hands before they are proposed', async () => {
    const plan = await openPlan('Better Care Fund plan 2026/27, typed');
    expect(plan.template).toMatchObject({ id: 'bcf-board-sign-off', version: 3 });
    // Version 2's typed arrangements are not this version's payload; with an outcome, still typed.
    const asBefore = await api()
      .post(`/api/cases/${plan.id}/events`)
      .set(auth('officer'))
      .send({ type: 'RECORD_ARRANGEMENTS', expectedVersion: plan.version, payload: ARRANGEMENTS });
    expect({ status: asBefore.status, body: asBefore.body as unknown }).toMatchObject({
      status: 422,
      body: { code: 'INVALID_INPUT' },
    });
    const typed = await api()
      .post(`/api/cases/${plan.id}/events`)
      .set(auth('officer'))
      .send({
        type: 'RECORD_ARRANGEMENTS',
        expectedVersion: plan.version,
        payload: { ...ARRANGEMENTS, outcome: 'consensus' },
      });
    expect({ status: typed.status, body: typed.body as unknown }).toMatchObject({
      status: 422,
      body: { code: 'GOVERNANCE_RULE_BROKEN', rule: 'DECIDED_AT_A_MEETING' },
    });
    const item = await itemAt(FIRST, 'Better Care Fund plan 2026/27: arrangements', plan.id);
    const refused = await showOfHands(FIRST, item, { hands: hands() });
    expect({ status: refused.status, body: refused.body as unknown }).toMatchObject({
      status: 422,
      body: { code: 'GOVERNANCE_RULE_BROKEN', rule: 'ARRANGEMENTS_NOT_PROPOSED' },
    });
    const after = await cases.read(plan.id);
    expect([after.version, after.state.summary]).toEqual([plan.version, plan.state.summary]);
  });

  it('takes the arrangements the officer proposed as agreed by a later meeting’s consensus after a deferral, then seeks approval', async () => {
    const opened = await openPlan('Better Care Fund plan 2026/27');
    const proposed = await cases.act(opened, 'officer', 'RECORD_PROPOSED_ARRANGEMENTS', {
      arrangements: ARRANGEMENTS.arrangements,
    });
    expect(proposed.state.summary).toBe(
      'Awaiting the HWBB’s consideration of the draft and its arrangements for approving the final version (its meeting’s show of hands on the proposed arrangements) by 2026-09-30',
    );
    const first = await itemAt(FIRST, 'Better Care Fund plan 2026/27: arrangements', opened.id);
    const deferred = await showOfHands(FIRST, first, {
      hands: hands((k) => (k === 'gp' ? 'against' : 'for')),
      chairChoice: { outcome: 'deferred', consultedThosePresent: true },
    });
    expect(deferred.status).toBe(201);
    expect((await cases.read(opened.id)).state.summary).toBe(
      'Awaiting the HWBB’s consideration of the draft and its arrangements for approving the final version (deferred at its meeting of 2026-07-08: a later meeting’s show of hands) by 2026-09-30',
    );
    expect(await emailsOf(opened.id, 'arrangements-not-agreed')).toEqual([
      world.ids.people.officer,
    ]);

    const later = await itemAt(LATER, 'Better Care Fund plan 2026/27: arrangements', opened.id);
    expect((await showOfHands(LATER, later, { hands: hands() })).status).toBe(201);
    const sought = await cases.read(opened.id);
    expect(sought.state.summary).toBe(
      'Awaiting approval by the HWBB (its meeting’s show of hands), the council’s Chief Executive, the Integrated Care Board’s Chief Executive before submission by 2026-09-30',
    );
    expect(sought.context).toMatchObject({
      arrangements: {
        meetingDate: LATER,
        minuteReference: `"Better Care Fund plan 2026/27: arrangements", meeting of ${LATER}`,
        arrangements: ARRANGEMENTS.arrangements,
      },
    });
    expect(
      (await eventsOf(opened.id, 'RECORD_ARRANGEMENTS')).map((e) => e.payload.outcome),
    ).toEqual(['deferred', 'consensus']);
    expect(await emailsOf(opened.id, 'plan-approval-requested')).toHaveLength(2);
  });
});
