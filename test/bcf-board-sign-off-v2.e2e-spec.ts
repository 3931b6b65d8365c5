import type { CaseView } from '../libs/engine/case-view.service';
import { bcfBoardMeetingsHarness } from '../libs/testing/bcf-board-meetings-harness.service';

/*
 * Version 2 of the BCF plan signed off by the full board, through the HTTP API against
 * PostgreSQL: the 2026/27 plan (national deadline Wed 30 Sep 2026) approved by the council's Chief
 * Executive, the Integrated Care Board's Chief Executive, and the Health and Wellbeing Board by the
 * show of hands at its meetings (Wed 8 and Wed 22 July 2026, agenda published Fri 26 June), never by
 * a decision typed into the case. London is on BST (UTC+1) in summer.
 */

const DATES = { nationalDeadline: '2026-09-30', expectedAssuranceDate: '2026-11-13' };
const FIRST = '2026-07-08';
const LATER = '2026-07-22';
const ARRANGEMENTS = {
  meetingDate: '2026-06-10',
  minuteReference: 'HWBB 10 Jun 2026, minute 6',
  arrangements:
    'Final version to the HWBB in July; the council’s and the ICB’s Chief Executives to approve',
};

describe('BCF full board sign-off, version 2: the HWBB decides by its meeting’s show of hands', () => {
  const board = bcfBoardMeetingsHarness([FIRST, LATER]);
  const { api, auth, cases, itemAt, showOfHands, hands, eventsOf, emailsOf } = board;
  const world = () => board.world();

  /** The plan opened on the current version, its arrangements recorded, both chief executives' approval given. */
  async function planAwaitingTheBoard(title: string): Promise<CaseView> {
    const opened = await cases.open({
      template: 'bcf-board-sign-off',
      // Version 2's cases, opened by name since version 3 is current; they finish on it.
      templateVersion: 2,
      title,
      dates: DATES,
      roles: {
        chiefExecutive: world().ids.offices.ceo,
        accountableOfficer: world().ids.offices.icbChiefExecutive,
      },
    });
    const sought = await cases.act(opened, 'officer', 'RECORD_ARRANGEMENTS', ARRANGEMENTS);
    const ceo = await cases.act(sought, 'ceo', 'APPROVE', { comments: 'For the council.' });
    return cases.act(ceo, 'ao', 'APPROVE', { comments: 'For the Integrated Care Board.' });
  }

  it('opens new cases on version 2, whose NHS approver is an Integrated Care Board’s Chief Executive', async () => {
    const refused = await api()
      .post('/api/cases')
      .set(auth('officer'))
      .send({
        template: 'bcf-board-sign-off',
        title: 'Better Care Fund plan 2026/27',
        dates: DATES,
        roles: {
          chiefExecutive: world().ids.offices.ceo,
          accountableOfficer: world().ids.offices.ao,
        },
      });
    expect({ status: refused.status, body: refused.body as unknown }).toMatchObject({
      status: 422,
      body: { code: 'GOVERNANCE_RULE_BROKEN', rule: 'ROLE_NEEDS_AN_INTEGRATED_CARE_BOARD' },
    });

    const plan = await planAwaitingTheBoard('Better Care Fund plan 2026/27');
    expect(plan.template).toMatchObject({ id: 'bcf-board-sign-off', version: 2 });
    expect(plan.roles.accountableOfficer.actingAs).toBe(
      'Chief Executive, NHS Hampshire and Isle of Wight Integrated Care Board',
    );
    expect(plan.state.summary).toBe(
      'Awaiting approval by the HWBB (its meeting’s show of hands) before submission by Wednesday 30 September 2026',
    );
  });

  it('refuses the HWBB’s decision typed into the case, with the rule and what to do instead', async () => {
    const plan = await planAwaitingTheBoard('Better Care Fund plan 2026/27, typed');
    for (const payload of [
      { meetingDate: FIRST, minuteReference: 'HWBB 8 Jul 2026, minute 4', outcome: 'consensus' },
      {
        meetingDate: FIRST,
        minuteReference: 'HWBB 8 Jul 2026, minute 4',
        outcome: 'consensus',
        fromMeeting: true,
      },
    ]) {
      const res = await api()
        .post(`/api/cases/${plan.id}/events`)
        .set(auth('officer'))
        .send({ type: 'RECORD_HWBB_DECISION', expectedVersion: plan.version, payload });
      expect({ status: res.status, body: res.body as unknown }).toMatchObject({
        status: 422,
        body: {
          code: 'GOVERNANCE_RULE_BROKEN',
          rule: 'DECIDED_AT_A_MEETING',
          explanation: [
            expect.stringContaining('by a show of hands at a quorate meeting'),
            expect.stringContaining('record the show of hands on that item'),
          ],
        },
      });
      expect((res.body as { detail: string }).detail).toMatch(/\.$/);
    }
    // Version 1's typed approval is no event of version 2.
    const typed = await api()
      .post(`/api/cases/${plan.id}/events`)
      .set(auth('officer'))
      .send({
        type: 'RECORD_HWBB_APPROVAL',
        expectedVersion: plan.version,
        payload: { meetingDate: FIRST, minuteReference: 'HWBB 8 Jul 2026, minute 4' },
      });
    expect({ status: typed.status, code: (typed.body as { code: string }).code }).toMatchObject({
      code: 'UNKNOWN_EVENT',
    });
    expect(typed.status).toBeGreaterThanOrEqual(400);
    expect(typed.status).toBeLessThan(500);
    const after = await cases.read(plan.id);
    expect([after.version, after.state.summary]).toEqual([plan.version, plan.state.summary]);
  });

  it('waits for a later meeting when the Board defers, and approves by the later meeting’s consensus', async () => {
    const plan = await planAwaitingTheBoard('Better Care Fund plan 2026/27, deferred');
    const first = await itemAt(FIRST, 'Better Care Fund plan 2026/27', plan.id);
    const deferred = await showOfHands(FIRST, first, {
      hands: hands((k) => (k === 'healthwatch' ? 'against' : 'for')),
      chairChoice: { outcome: 'deferred', consultedThosePresent: true },
    });
    expect({ status: deferred.status, body: deferred.body as unknown }).toMatchObject({
      status: 201,
    });
    const waiting = await cases.read(plan.id);
    expect(waiting.state.summary).toBe(
      'Awaiting approval by the HWBB (deferred at its meeting of Wednesday 8 July 2026: a later meeting’s show of hands) before submission by Wednesday 30 September 2026',
    );
    expect(await emailsOf(plan.id, 'hwbb-deferred')).toEqual([world().ids.people.officer]);

    const later = await itemAt(LATER, 'Better Care Fund plan 2026/27', plan.id);
    const agreed = await showOfHands(LATER, later, { hands: hands() });
    expect({ status: agreed.status, body: agreed.body as unknown }).toMatchObject({ status: 201 });
    const ready = await cases.read(plan.id);
    expect(ready.state).toMatchObject({
      key: 'preSubmission.readyToSubmit',
      summary:
        'Approved by the HWBB, the council’s Chief Executive and the Integrated Care Board’s Chief Executive: awaiting submission by Wednesday 30 September 2026',
    });
    expect((await eventsOf(plan.id, 'RECORD_HWBB_DECISION')).map((e) => e.payload)).toEqual([
      {
        meetingDate: FIRST,
        minuteReference: `"Better Care Fund plan 2026/27", meeting of ${FIRST}`,
        outcome: 'deferred',
        fromMeeting: true,
      },
      {
        meetingDate: LATER,
        minuteReference: `"Better Care Fund plan 2026/27", meeting of ${LATER}`,
        outcome: 'consensus',
        fromMeeting: true,
      },
    ]);

    board.clock.set('2026-09-25T10:00:00Z');
    const submitted = await cases.act(ready, 'officer', 'RECORD_SUBMISSION', {
      submittedOn: '2026-09-25',
    });
    const closed = await cases.act(submitted, 'officer', 'RECORD_ASSURANCE', {
      outcome: 'approved',
      receivedOn: '2026-09-25',
    });
    expect(closed.state).toMatchObject({ key: 'closed', closed: true });
    expect(await cases.verify(plan.id)).toEqual(
      expect.objectContaining({ ok: true, records: closed.version }),
    );
  });

  it('returns the plan for revision when the Board refers it back, and asks every approval again', async () => {
    const plan = await planAwaitingTheBoard('Better Care Fund plan 2026/27, referred back');
    const item = await itemAt(FIRST, 'Better Care Fund plan 2026/27, referred back', plan.id);
    const res = await showOfHands(FIRST, item, {
      hands: hands((k) => (k === 'gp' ? 'against' : 'for')),
      chairChoice: { outcome: 'referredBack', consultedThosePresent: true },
    });
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 201 });
    const returned = await cases.read(plan.id);
    expect(returned.state).toMatchObject({
      key: 'preSubmission.revising',
      summary:
        'Revising the plan (not approved by the HWBB: referred back at its meeting of Wednesday 8 July 2026): the officer seeks approval again',
    });
    expect(await emailsOf(plan.id, 'plan-returned')).toHaveLength(3);

    // A case not awaiting the Board takes no show of hands: refused whole, nothing recorded.
    const again = await itemAt(LATER, 'Better Care Fund plan 2026/27, referred back', plan.id);
    const refused = await showOfHands(LATER, again, { hands: hands() });
    expect({ status: refused.status, body: refused.body as unknown }).toMatchObject({
      status: 422,
      body: { code: 'GOVERNANCE_RULE_BROKEN', rule: 'CASE_NOT_AWAITING_THE_BOARD' },
    });
    expect((await cases.read(plan.id)).version).toBe(returned.version);

    const sought = await cases.act(returned, 'officer', 'SEEK_APPROVAL');
    expect(sought.state.summary).toBe(
      'Awaiting approval by the HWBB (its meeting’s show of hands), the council’s Chief Executive, the Integrated Care Board’s Chief Executive before submission by Wednesday 30 September 2026',
    );
  });
});
