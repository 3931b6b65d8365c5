import { type Journey, journeyHarness } from '../libs/testing/journey-harness.service';
import type { TestDatabase } from '../libs/testing/test-database.service';
import { type BcfWorld, withServiceDirector } from '../libs/testing/world.factory';

/*
 * The seed's dates (002 item 9): Cabinet Tue 18 July, Full Council Wed 19 July, HWBB ratification
 * Wed 26 July 2017. London is on BST (UTC+1): reminders 5 working days before fall on 11, 12 and
 * 19 July at 09:00 (08:00Z); a date passes when it ends in London (23:00Z).
 */
const CABINET_REMINDER = '2017-07-11T08:00:00.000Z';
const COUNCIL_REMINDER = '2017-07-12T08:00:00.000Z';
const RATIFICATION_REMINDER = '2017-07-19T08:00:00.000Z';
const COUNCIL_PASSED = '2017-07-19T23:00:00.000Z';

describe('grant ratification version 1 (cases opened on it), from agreement in principle to the HWBB', () => {
  const j = journeyHarness('2017-07-03T09:00:00Z', { tweak: withServiceDirector });
  const { clock, act, openThroughApi, read, verifyAudit, sweep, send } = j;
  let db: TestDatabase;
  let world: BcfWorld;
  let h: Journey['h'];
  beforeAll(() => ({ db, world, h } = j.ready()));

  const emails = (caseId: string, message: string): Promise<{ to: string }[]> =>
    db.ds.query(
      `SELECT payload->'to'->>'id' AS to FROM effects
        WHERE case_id = $1 AND kind = 'email' AND payload->>'message' = $2 ORDER BY payload->'to'->>'id'`,
      [caseId, message],
    );

  it('records each body’s decision in order, escalates the late Council record and closes ratified', async () => {
    const { caseId } = await h.open.open(
      {
        template: 'grant-ratification',
        templateVersion: 1,
        title: 'Adult Social Care grant 2017/18: £4,981,651 of schemes',
        dates: {
          cabinetMeetingDate: '2017-07-18',
          councilMeetingDate: '2017-07-19',
          ratificationDeadline: '2017-07-26',
        },
        roles: { reportOwner: world.ids.offices.serviceDirector },
      },
      world.actors.officer,
    );
    const opened = await h.views.get(world.tenantId, caseId);
    expect(opened.state.summary).toBe(
      'Awaiting agreement in principle by the Integration Board and the Commissioning Partnership Board',
    );
    expect(opened.openDeadlines.filter((d) => d.kind === 'reminder').map((d) => d.dueAt)).toEqual([
      CABINET_REMINDER,
      COUNCIL_REMINDER,
      RATIFICATION_REMINDER,
    ]);

    // A Cabinet decision at a meeting still to come cannot be recorded.
    await expect(
      send(caseId, 'RECORD_CABINET_DECISION', {
        decision: 'approved',
        meetingDate: '2017-07-18',
        minuteReference: 'Cabinet 18 Jul 2017, minute 12',
      }),
    ).rejects.toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      extra: { rule: 'RECORDED_DATE_IN_THE_FUTURE' },
    });

    const cpb = await send(caseId, 'RECORD_AGREEMENT_IN_PRINCIPLE', {
      body: 'commissioningPartnershipBoard',
      meetingDate: '2017-06-20',
      minuteReference: 'CPB 20 Jun 2017, item 5',
    });
    expect(cpb.state.summary).toBe('Awaiting agreement in principle by the Integration Board');
    const inPrinciple = await send(caseId, 'RECORD_AGREEMENT_IN_PRINCIPLE', {
      body: 'integrationBoard',
      meetingDate: '2017-06-13',
      minuteReference: 'Integration Board 13 Jun 2017, item 4',
    });
    expect(inPrinciple.state.summary).toBe(
      'Agreed in principle: awaiting Cabinet’s decision (meeting Tuesday 18 July 2017)',
    );

    h.clock.set(COUNCIL_REMINDER);
    expect(await h.sweep.sweep()).toEqual({ fired: 2, stale: 0 });
    expect(await emails(caseId, 'cabinet-reminder')).toEqual([{ to: world.ids.people.officer }]);
    expect(await emails(caseId, 'council-reminder')).toEqual([{ to: world.ids.people.officer }]);

    h.clock.set('2017-07-18T19:00:00Z');
    const cabinet = await send(caseId, 'RECORD_CABINET_DECISION', {
      decision: 'approved',
      meetingDate: '2017-07-18',
      minuteReference: 'Cabinet 18 Jul 2017, minute 12',
    });
    expect(cabinet.state.summary).toBe(
      'Approved by Cabinet: awaiting Full Council’s decision (meeting Wednesday 19 July 2017)',
    );

    // Full Council's meeting day ends with its decision unrecorded: escalation.
    h.clock.set(COUNCIL_PASSED);
    expect(await h.sweep.sweep()).toEqual({ fired: 2, stale: 0 });
    const late = await h.views.get(world.tenantId, caseId);
    expect(late.overdue).toEqual(['council']);
    expect(late.state.summary).toBe(
      'Approved by Cabinet: awaiting Full Council’s decision (meeting Wednesday 19 July 2017) (overdue: the Full Council meeting)',
    );
    expect(await emails(caseId, 'council-overdue')).toEqual(
      [{ to: world.ids.people.officer }, { to: world.ids.people.serviceDirector }].sort((a, b) =>
        a.to.localeCompare(b.to),
      ),
    );

    h.clock.set('2017-07-20T09:00:00Z');
    const council = await send(caseId, 'RECORD_COUNCIL_DECISION', {
      decision: 'approved',
      meetingDate: '2017-07-19',
      minuteReference: 'Council 19 Jul 2017, minute 20',
    });
    expect(council.state.summary).toBe(
      'Approved by Full Council: awaiting ratification by the HWBB by Wednesday 26 July 2017 (overdue: the Full Council meeting)',
    );
    expect(council.openDeadlines.map((d) => d.key)).toEqual(['ratification']);

    h.clock.set('2017-07-26T19:00:00Z');
    const ratified = await send(caseId, 'RECORD_RATIFICATION', {
      decision: 'ratified',
      meetingDate: '2017-07-26',
      minuteReference: 'HWBB 26 Jul 2017, minute 9',
    });
    expect(ratified.state).toEqual({
      key: 'closed',
      summary:
        'Closed: ratified by the HWBB on Wednesday 26 July 2017 (HWBB 26 Jul 2017, minute 9)',
      closed: true,
    });
    expect(ratified.openDeadlines).toEqual([]);
    expect(await h.audit.verifyCase(world.tenantId, caseId)).toEqual(
      expect.objectContaining({ ok: true, records: ratified.version }),
    );
  });

  it('runs the whole journey through the HTTP API', async () => {
    clock.set('2017-07-03T09:00:00Z');
    const opened = await openThroughApi({
      template: 'grant-ratification',
      templateVersion: 1,
      title: 'Adult Social Care grant 2017/18 (through the API)',
      dates: {
        cabinetMeetingDate: '2017-07-18',
        councilMeetingDate: '2017-07-19',
        ratificationDeadline: '2017-07-26',
      },
      roles: { reportOwner: world.ids.offices.serviceDirector },
    });
    expect(opened.state.summary).toBe(
      'Awaiting agreement in principle by the Integration Board and the Commissioning Partnership Board',
    );

    const cpb = await act(opened, 'officer', 'RECORD_AGREEMENT_IN_PRINCIPLE', {
      body: 'commissioningPartnershipBoard',
      meetingDate: '2017-06-20',
      minuteReference: 'CPB 20 Jun 2017, item 5',
    });
    expect(cpb.state.summary).toBe('Awaiting agreement in principle by the Integration Board');
    const inPrinciple = await act(cpb, 'officer', 'RECORD_AGREEMENT_IN_PRINCIPLE', {
      body: 'integrationBoard',
      meetingDate: '2017-06-13',
      minuteReference: 'Integration Board 13 Jun 2017, item 4',
    });
    expect(inPrinciple.state.summary).toBe(
      'Agreed in principle: awaiting Cabinet’s decision (meeting Tuesday 18 July 2017)',
    );

    clock.set(COUNCIL_REMINDER);
    expect(await sweep()).toEqual({ fired: 2, stale: 0 });
    expect(await emails(opened.id, 'council-reminder')).toEqual([{ to: world.ids.people.officer }]);

    clock.set('2017-07-18T19:00:00Z');
    const cabinet = await act(await read(opened.id), 'officer', 'RECORD_CABINET_DECISION', {
      decision: 'approved',
      meetingDate: '2017-07-18',
      minuteReference: 'Cabinet 18 Jul 2017, minute 12',
    });
    expect(cabinet.state.summary).toBe(
      'Approved by Cabinet: awaiting Full Council’s decision (meeting Wednesday 19 July 2017)',
    );

    // Full Council's meeting day ends with its decision unrecorded: escalation.
    clock.set(COUNCIL_PASSED);
    expect(await sweep()).toEqual({ fired: 2, stale: 0 });
    const late = await read(opened.id);
    expect(late.overdue).toEqual(['council']);
    expect(late.state.summary).toBe(
      'Approved by Cabinet: awaiting Full Council’s decision (meeting Wednesday 19 July 2017) (overdue: the Full Council meeting)',
    );

    clock.set('2017-07-20T09:00:00Z');
    const council = await act(late, 'officer', 'RECORD_COUNCIL_DECISION', {
      decision: 'approved',
      meetingDate: '2017-07-19',
      minuteReference: 'Council 19 Jul 2017, minute 20',
    });
    expect(council.state.summary).toBe(
      'Approved by Full Council: awaiting ratification by the HWBB by Wednesday 26 July 2017 (overdue: the Full Council meeting)',
    );

    clock.set('2017-07-26T19:00:00Z');
    const ratified = await act(council, 'officer', 'RECORD_RATIFICATION', {
      decision: 'ratified',
      meetingDate: '2017-07-26',
      minuteReference: 'HWBB 26 Jul 2017, minute 9',
    });
    expect(ratified.state).toEqual({
      key: 'closed',
      summary:
        'Closed: ratified by the HWBB on Wednesday 26 July 2017 (HWBB 26 Jul 2017, minute 9)',
      closed: true,
    });
    expect(ratified.openDeadlines).toEqual([]);
    expect(await verifyAudit(opened.id)).toEqual(
      expect.objectContaining({ ok: true, records: ratified.version }),
    );
  });
});
