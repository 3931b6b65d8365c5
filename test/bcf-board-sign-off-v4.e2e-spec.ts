import type { CaseView } from '../libs/engine/case-view.service';
import { bcfBoardMeetingsHarness } from '../libs/testing/bcf-board-meetings-harness.service';

/*
 * Version 4 of the BCF plan signed off by the full board: a meeting's show of hands on the
 * arrangements or the plan is taken only from a meeting later than the last meeting that took
 * either. Through the HTTP API against PostgreSQL with the HWBB's meetings of Tue 7 July and
 * Wed 8 July 2026 (agendas published Fri 26 June): the meeting of 8 July defers the arrangements;
 * the show of hands of the meeting of 7 July, recorded afterwards, is refused whole.
 */

const DATES = { nationalDeadline: '2026-09-30', expectedAssuranceDate: '2026-11-13' };
const EARLIER = '2026-07-07';
const DEFERRING = '2026-07-08';
const ARRANGEMENTS =
  'Final version to the HWBB in July; the council’s and the ICB’s Chief Executives to approve';

describe('BCF full board sign-off, version 4: each meeting’s outcome after the last on the plan', () => {
  const board = bcfBoardMeetingsHarness([EARLIER, DEFERRING]);
  const { cases, itemAt, showOfHands, hands, eventsOf, recordedOn } = board;
  const world = () => board.world();

  // On version 4 by its number: a later version made current is another template.
  const openPlan = (title: string): Promise<CaseView> =>
    cases.open({
      template: 'bcf-board-sign-off',
      templateVersion: 4,
      title,
      dates: DATES,
      roles: {
        chiefExecutive: world().ids.offices.ceo,
        accountableOfficer: world().ids.offices.icbChiefExecutive,
      },
    });

  it('refuses the consensus of the 7 July meeting on arrangements the 8 July meeting deferred, recording nothing', async () => {
    const opened = await openPlan('Better Care Fund plan 2026/27');
    expect(opened.template).toMatchObject({ id: 'bcf-board-sign-off', version: 4 });
    await cases.act(opened, 'officer', 'RECORD_PROPOSED_ARRANGEMENTS', {
      arrangements: ARRANGEMENTS,
    });
    const title = 'Better Care Fund plan 2026/27: arrangements';
    const deferring = await itemAt(DEFERRING, title, opened.id);
    const deferred = await showOfHands(DEFERRING, deferring, {
      hands: hands((k) => (k === 'gp' ? 'against' : 'for')),
      chairChoice: { outcome: 'deferred', consultedThosePresent: true },
    });
    expect(deferred.status).toBe(201);
    const before = await cases.read(opened.id);

    const earlier = await itemAt(EARLIER, title, opened.id);
    const refused = await showOfHands(EARLIER, earlier, { hands: hands() });
    expect({ status: refused.status, body: refused.body as unknown }).toMatchObject({
      status: 422,
      body: {
        code: 'GOVERNANCE_RULE_BROKEN',
        rule: 'MEETING_BEFORE_THE_LAST_ON_THE_MATTER',
      },
    });
    expect((refused.body as { explanation: string[] }).explanation[0]).toBe(
      'the meeting of Tue 7 Jul 2026 is not later than the Board’s meeting on Wed 8 Jul 2026, the last meeting to take the matter',
    );
    // Nothing recorded: neither the case nor the meeting's item took the show of hands.
    const after = await cases.read(opened.id);
    expect([after.version, after.state.summary]).toEqual([before.version, before.state.summary]);
    expect(
      (await eventsOf(opened.id, 'RECORD_ARRANGEMENTS')).map((e) => e.payload.outcome),
    ).toEqual(['deferred']);
    expect(await recordedOn(earlier)).toEqual({ votes: 0, outcomes: 0 });
    expect(await recordedOn(deferring)).toEqual({ votes: 4, outcomes: 1 });
  });
});
