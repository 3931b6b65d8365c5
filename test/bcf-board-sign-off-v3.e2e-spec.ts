import type { CaseView } from '../libs/engine/case-view.service';
import { bcfBoardMeetingsHarness } from '../libs/testing/bcf-board-meetings-harness.service';

/*
 * Version 3 of the BCF plan signed off by the full board: the HWBB agrees the arrangements for
 * approving the final version by the show of hands at its meeting (seed 002, item 8,
 * recommendation (ii)), as version 2 takes its approval. Modelled on version 2's journeys: through the HTTP API against
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

describe('BCF full board sign-off, version 3: the HWBB agrees the arrangements at its meeting', () => {
  const board = bcfBoardMeetingsHarness([FIRST, LATER]);
  const { api, auth, cases, itemAt, showOfHands, hands, eventsOf, emailsOf } = board;
  const world = () => board.world();

  /** The plan opened on version 3, awaiting the Board's consideration. */
  const openPlan = (title: string): Promise<CaseView> =>
    cases.open({
      template: 'bcf-board-sign-off',
      // Version 3's cases, opened by name since version 4 is current; they finish on it.
      templateVersion: 3,
      title,
      dates: DATES,
      roles: {
        chiefExecutive: world().ids.offices.ceo,
        accountableOfficer: world().ids.offices.icbChiefExecutive,
      },
    });

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
      body: {
        code: 'GOVERNANCE_RULE_BROKEN',
        rule: 'ARRANGEMENTS_NOT_PROPOSED',
        // The body by its name in the directory; where the rule comes from apart.
        explanation: [
          expect.stringMatching(
            /^the .*Health and Wellbeing Board agrees the arrangements for approving the final version that the report proposes, and none are recorded on the case$/,
          ),
          'record the proposed arrangements on the case before the meeting takes the item',
        ],
        source: 'seed 002, item 8',
      },
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
      'Awaiting the HWBB’s consideration of the draft and its arrangements for approving the final version (its meeting’s show of hands on the proposed arrangements) by Wednesday 30 September 2026',
    );
    const first = await itemAt(FIRST, 'Better Care Fund plan 2026/27: arrangements', opened.id);
    const deferred = await showOfHands(FIRST, first, {
      hands: hands((k) => (k === 'gp' ? 'against' : 'for')),
      chairChoice: { outcome: 'deferred', consultedThosePresent: true },
    });
    expect(deferred.status).toBe(201);
    expect((await cases.read(opened.id)).state.summary).toBe(
      'Awaiting the HWBB’s consideration of the draft and its arrangements for approving the final version (deferred at its meeting of Wednesday 8 July 2026: a later meeting’s show of hands) by Wednesday 30 September 2026',
    );
    expect(await emailsOf(opened.id, 'arrangements-not-agreed')).toEqual([
      world().ids.people.officer,
    ]);

    const later = await itemAt(LATER, 'Better Care Fund plan 2026/27: arrangements', opened.id);
    expect((await showOfHands(LATER, later, { hands: hands() })).status).toBe(201);
    const sought = await cases.read(opened.id);
    expect(sought.state.summary).toBe(
      'Awaiting approval by the HWBB (its meeting’s show of hands), the council’s Chief Executive, the Integrated Care Board’s Chief Executive before submission by Wednesday 30 September 2026',
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
