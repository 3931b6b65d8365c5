import request from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { journeyHarness } from '../libs/testing/journey-harness.service';
import type { TestDatabase } from '../libs/testing/test-database.service';
import { type BcfWorld, withServiceDirector } from '../libs/testing/world.factory';

/*
 * Version 2 through the HTTP API, on the seed's dates (002 item 9): Cabinet 18 July recommends to
 * Full Council 19 July, which refers the recommendation back; Cabinet recommends again on 15
 * August, Council approves on 16 August, the HWBB ratifies on 23 August 2017. A date passes when
 * it ends in London (BST, 23:00Z).
 */
const RECOMMENDATION =
  'To accept a one-off Government grant of £9,710,902 over three years, £4,981,651 in 2017/18';

describe('grant ratification version 2 (cases opened on it): Cabinet recommends, Full Council decides', () => {
  const j = journeyHarness('2017-07-03T09:00:00Z', { tweak: withServiceDirector });
  const { clock, act, openThroughApi, read, verifyAudit, keyOf } = j;
  let db: TestDatabase;
  let world: BcfWorld;
  beforeAll(() => ({ db, world } = j.ready()));

  const emailsTo = (caseId: string, message: string): Promise<{ to: string }[]> =>
    db.ds.query(
      `SELECT payload->'to'->>'id' AS to FROM effects
        WHERE case_id = $1 AND kind = 'email' AND payload->>'message' = $2 ORDER BY payload->'to'->>'id'`,
      [caseId, message],
    );
  /** An event the API refuses: its status and problem. */
  const refused = async (seen: CaseView, type: string, payload: Record<string, unknown>) => {
    const res = await request(j.ready().app.getHttpServer())
      .post(`/api/cases/${seen.id}/events`)
      .set({ Authorization: `Bearer ${keyOf('officer')}` })
      .send({ type, expectedVersion: seen.version, payload });
    return { status: res.status, body: res.body as Record<string, unknown> };
  };
  const open = () =>
    openThroughApi({
      template: 'grant-ratification',
      templateVersion: 2,
      title: 'Adult Social Care grant 2017/18: £4,981,651 of schemes',
      dates: {
        cabinetMeetingDate: '2017-07-18',
        councilMeetingDate: '2017-07-19',
        ratificationDeadline: '2017-07-26',
      },
      roles: { reportOwner: world.ids.offices.serviceDirector },
    });
  const agreedInPrinciple = async () => {
    clock.set('2017-07-03T09:00:00Z');
    const opened = await open();
    expect(opened.template.version).toBe(2);
    const cpb = await act(opened, 'officer', 'RECORD_AGREEMENT_IN_PRINCIPLE', {
      body: 'commissioningPartnershipBoard',
      meetingDate: '2017-06-20',
      minuteReference: 'CPB 20 Jun 2017, item 5',
    });
    return act(cpb, 'officer', 'RECORD_AGREEMENT_IN_PRINCIPLE', {
      body: 'integrationBoard',
      meetingDate: '2017-06-13',
      minuteReference: 'Integration Board 13 Jun 2017, item 4',
    });
  };

  it('takes, on a case opened on version 2, Cabinet’s recommendation, Council’s referral back, a fresh recommendation and Council’s approval, then the HWBB’s ratification', async () => {
    const agreed = await agreedInPrinciple();
    expect(agreed.state.summary).toBe(
      'Agreed in principle: awaiting Cabinet’s recommendation to Full Council (meeting Tuesday 18 July 2017)',
    );

    clock.set('2017-07-18T19:00:00Z');
    const recommended = await act(agreed, 'officer', 'RECORD_CABINET_RECOMMENDATION', {
      decision: 'recommended',
      recommendation: RECOMMENDATION,
      meetingDate: '2017-07-18',
      minuteReference: 'Cabinet 18 Jul 2017, minute 12',
    });
    expect(recommended.state.summary).toBe(
      `Recommended by Cabinet (“${RECOMMENDATION}”): awaiting Full Council’s decision (meeting Wednesday 19 July 2017)`,
    );
    expect(await emailsTo(agreed.id, 'recommended-to-council')).toEqual([
      { to: world.ids.people.officer },
    ]);

    clock.set('2017-07-20T09:00:00Z');
    const referred = await act(recommended, 'officer', 'RECORD_COUNCIL_DECISION', {
      decision: 'referredBackToCabinet',
      meetingDate: '2017-07-19',
      minuteReference: 'Council 19 Jul 2017, minute 20',
      reasons: 'Scope the Holcroft House building work first',
      cabinetMeetingDate: '2017-08-15',
      councilMeetingDate: '2017-08-16',
      ratificationDeadline: '2017-08-23',
    });
    expect(referred.state.summary).toBe(
      'Referred back to Cabinet by Full Council on Wednesday 19 July 2017 (Council 19 Jul 2017, minute 20): awaiting Cabinet’s recommendation (meeting Tuesday 15 August 2017)',
    );
    expect(
      referred.openDeadlines
        .filter((d) => d.kind !== 'reminder')
        .map((d) => [d.key, d.dueAt])
        .sort(),
    ).toEqual([
      ['cabinet', '2017-08-15T23:00:00.000Z'],
      ['council', '2017-08-16T23:00:00.000Z'],
      ['ratification', '2017-08-23T23:00:00.000Z'],
    ]);
    expect((await emailsTo(agreed.id, 'referred-back-to-cabinet')).map((e) => e.to).sort()).toEqual(
      [world.ids.people.officer, world.ids.people.serviceDirector].sort(),
    );

    // Cabinet's new recommendation cannot be dated before Council referred it back.
    clock.set('2017-08-15T19:00:00Z');
    const again = {
      decision: 'recommended',
      recommendation: `${RECOMMENDATION}, with the Holcroft House scheme scoped first`,
      minuteReference: 'Cabinet 15 Aug 2017, minute 7',
    };
    expect(
      await refused(await read(agreed.id), 'RECORD_CABINET_RECOMMENDATION', {
        ...again,
        meetingDate: '2017-07-18',
      }),
    ).toMatchObject({
      status: 422,
      body: { code: 'GOVERNANCE_RULE_BROKEN', rule: 'RECORDED_DATE_BEFORE_ITS_STEP' },
    });
    const recommendedAgain = await act(
      await read(agreed.id),
      'officer',
      'RECORD_CABINET_RECOMMENDATION',
      { ...again, meetingDate: '2017-08-15' },
    );
    expect(recommendedAgain.state.summary).toContain(
      'awaiting Full Council’s decision (meeting Wednesday 16 August 2017)',
    );

    clock.set('2017-08-16T19:00:00Z');
    const approved = await act(recommendedAgain, 'officer', 'RECORD_COUNCIL_DECISION', {
      decision: 'approved',
      meetingDate: '2017-08-16',
      minuteReference: 'Council 16 Aug 2017, minute 31',
    });
    expect(approved.state.summary).toBe(
      'Approved by Full Council on Cabinet’s recommendation: awaiting ratification by the HWBB by Wednesday 23 August 2017',
    );

    clock.set('2017-08-23T19:00:00Z');
    const ratified = await act(approved, 'officer', 'RECORD_RATIFICATION', {
      decision: 'ratified',
      meetingDate: '2017-08-23',
      minuteReference: 'HWBB 23 Aug 2017, minute 4',
    });
    expect(ratified.state).toEqual({
      key: 'closed',
      summary:
        'Closed: ratified by the HWBB on Wednesday 23 August 2017 (HWBB 23 Aug 2017, minute 4)',
      closed: true,
    });
    expect(await verifyAudit(agreed.id)).toEqual(
      expect.objectContaining({ ok: true, records: ratified.version }),
    );
  });

  it('closes when Cabinet makes no recommendation, and refuses version 1’s Cabinet decision', async () => {
    const agreed = await agreedInPrinciple();
    clock.set('2017-07-18T19:00:00Z');
    expect(
      await refused(agreed, 'RECORD_CABINET_DECISION', {
        decision: 'approved',
        meetingDate: '2017-07-18',
        minuteReference: 'Cabinet 18 Jul 2017, minute 12',
      }),
    ).toMatchObject({ status: 422, body: { code: 'UNKNOWN_EVENT' } });
    const none = await act(await read(agreed.id), 'officer', 'RECORD_CABINET_RECOMMENDATION', {
      decision: 'notRecommended',
      meetingDate: '2017-07-18',
      minuteReference: 'Cabinet 18 Jul 2017, minute 12',
      reasons: 'The schemes exceed the grant conditions',
    });
    expect(none.state).toEqual({
      key: 'closed',
      summary:
        'Closed: no recommendation to Full Council by Cabinet on Tuesday 18 July 2017 (Cabinet 18 Jul 2017, minute 12): The schemes exceed the grant conditions',
      closed: true,
    });
    expect(none.openDeadlines).toEqual([]);
  });
});
