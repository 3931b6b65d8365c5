import { demoReportDates } from '../libs/demo/demo-report-meetings.service';
import { demoOpenings } from '../libs/demo/demo-templates.service';
import type { CaseView } from '../libs/engine/case-view.service';
import { londonDate } from '../libs/governance/working-day-calendar.service';
import { demoWorldHarness } from '../libs/testing/demo-world-harness.service';
import { currentVersion } from '../libs/workflows/template.registry';

/**
 * The demo's BCF plan signed off by the full board (issue #15, BCF board sign-off version 4, seed
 * 002 item 8), walked on the demo's own data as `npm start` seeds it: the officer proposes the
 * arrangements for approving the final version; at the demo HWBB's meeting, Healthwatch's member
 * not yet arrived, the Board is inquorate and its show of hands is refused, nothing recorded; once
 * she is present the Board agrees the arrangements by consensus; the council's and the ICB's Chief
 * Executives approve with their API keys, and the HWBB's next meeting approves the plan by its
 * show of hands; the officer records its submission and the regional team's assurance.
 */
describe('the demo’s BCF plan signed off by the full board: the HWBB’s arrangements and approval from its meetings', () => {
  const demo = demoWorldHarness();
  const { api, clock, read, meetingOf } = demo;
  const officer = demo.as('officer');
  const KEY = { officer: 'officer', ceo: 'chiefExecutive', ao: 'accountableOfficer' } as const;
  const send = (
    c: CaseView,
    who: keyof typeof KEY,
    type: string,
    payload: Record<string, unknown> = {},
  ) => demo.send(c, type, payload, KEY[who]);
  const HWBB = 'Health and Wellbeing Board';

  /** The demo HWBB's meeting on a day, and its members. */
  async function meetingOn(date: string) {
    const id = await meetingOf(HWBB, date);
    const members = (await api().get(`/api/meetings/${id}`).set(officer).expect(200)).body
      .members as { personId: string; name: string }[];
    return { id, members };
  }

  /** The meeting's evening: those not `away` present, the others' apologies; the quorum. */
  async function attend(
    meeting: { id: string; members: { personId: string; name: string }[] },
    away: string[] = [],
  ) {
    const res = await api()
      .put(`/api/meetings/${meeting.id}/attendance`)
      .set(officer)
      .send(
        meeting.members.map((m) => ({
          personId: m.personId,
          status: away.includes(m.name) ? 'apologies' : 'present',
        })),
      )
      .expect(200);
    return res.body.quorum as { quorate: boolean; explanation: string[] };
  }

  async function itemOn(meetingId: string, title: string, caseId: string): Promise<string> {
    const added = await api()
      .post(`/api/meetings/${meetingId}/agenda-items`)
      .set(officer)
      .send({ title, caseId, keyDecision: false })
      .expect(201);
    return (added.body.agenda as { id: string }[]).at(-1)!.id;
  }

  /** The show of hands of those present, every hand for. */
  const showOfHands = (
    meeting: { id: string; members: { personId: string; name: string }[] },
    itemId: string,
    away: string[] = [],
  ) =>
    api()
      .post(`/api/meetings/${meeting.id}/agenda-items/${itemId}/show-of-hands`)
      .set(officer)
      .send({
        hands: meeting.members
          .filter((m) => !away.includes(m.name))
          .map((m) => ({ personId: m.personId, hand: 'for' })),
      });

  const recordedOn = async (itemId: string): Promise<{ votes: number; outcomes: number }> => {
    const [row] = (await demo.db().ds.query(
      `SELECT (SELECT count(*) FROM votes WHERE item_id = $1)::int AS votes,
              (SELECT count(*) FROM item_outcomes WHERE item_id = $1)::int AS outcomes`,
      [itemId],
    )) as { votes: number; outcomes: number }[];
    return row;
  };

  it('refuses the inquorate Board’s show of hands, then takes the arrangements and the approval from the HWBB’s quorate meetings', async () => {
    const today = londonDate(clock.now());
    const days = demoReportDates(today);
    const opened = await api()
      .post('/api/cases')
      .set(officer)
      .send({
        template: 'bcf-board-sign-off',
        title: 'Better Care Fund plan, full board',
        ...demoOpenings(demo.ids(), today)['bcf-board-sign-off'],
      })
      .expect(201);
    let c = opened.body as CaseView;
    // The demo opens new cases: on the version they open on today, read from the registry.
    expect(c.template).toMatchObject({
      id: 'bcf-board-sign-off',
      version: currentVersion('bcf-board-sign-off'),
    });
    c = await send(c, 'officer', 'RECORD_PROPOSED_ARRANGEMENTS', {
      arrangements:
        'Final version to the HWBB at its next meeting; the council’s and the ICB’s Chief Executives to approve',
    });

    // The HWBB's meeting, Jo Barnes (Healthwatch) not yet arrived: inquorate, refused whole.
    const first = await meetingOn(days.hwbbMeetingDate);
    clock.set(`${days.hwbbMeetingDate}T18:00:00Z`);
    const quorum = await attend(first, ['Jo Barnes']);
    expect(quorum.quorate).toBe(false);
    expect(quorum.explanation).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Healthwatch members .*: not met$/)]),
    );
    const arrangements = await itemOn(first.id, 'Better Care Fund plan: arrangements', c.id);
    const refused = await showOfHands(first, arrangements, ['Jo Barnes']);
    expect({ status: refused.status, rule: refused.body.rule }).toEqual({
      status: 422,
      rule: 'VOTE_WHEN_INQUORATE',
    });
    const before = await read(c.id);
    expect([before.version, before.state.summary]).toEqual([c.version, c.state.summary]);
    expect(await recordedOn(arrangements)).toEqual({ votes: 0, outcomes: 0 });

    // She arrives: the Board is quorate and agrees the arrangements by consensus.
    clock.set(`${days.hwbbMeetingDate}T18:30:00Z`);
    expect((await attend(first)).quorate).toBe(true);
    expect((await showOfHands(first, arrangements)).status).toBe(201);
    c = await read(c.id);
    expect(c.state.summary).toMatch(
      /^Awaiting approval by the HWBB \(its meeting’s show of hands\)/,
    );

    // The Chief Executives approve; the HWBB's next meeting approves the plan by consensus.
    c = await send(c, 'ceo', 'APPROVE', { comments: 'For the council.' });
    c = await send(c, 'ao', 'APPROVE', { comments: 'For the Integrated Care Board.' });
    const next = await meetingOn(days.next.hwbbMeetingDate);
    clock.set(`${days.next.hwbbMeetingDate}T18:00:00Z`);
    expect((await attend(next)).quorate).toBe(true);
    const plan = await itemOn(next.id, 'Better Care Fund plan: final version', c.id);
    expect((await showOfHands(next, plan)).status).toBe(201);
    c = await read(c.id);
    expect(c.state.key).toBe('preSubmission.readyToSubmit');
    const decisions = await demo
      .db()
      .ds.query<{ type: string; outcome: string; meeting: string }[]>(
        `SELECT type, payload->>'outcome' AS outcome, payload->>'meetingDate' AS meeting
         FROM case_events WHERE case_id = $1
          AND type IN ('RECORD_ARRANGEMENTS', 'RECORD_HWBB_DECISION') ORDER BY seq`,
        [c.id],
      );
    expect(decisions).toEqual([
      { type: 'RECORD_ARRANGEMENTS', outcome: 'consensus', meeting: days.hwbbMeetingDate },
      { type: 'RECORD_HWBB_DECISION', outcome: 'consensus', meeting: days.next.hwbbMeetingDate },
    ]);

    c = await send(c, 'officer', 'RECORD_SUBMISSION', { submittedOn: days.next.hwbbMeetingDate });
    c = await send(c, 'officer', 'RECORD_ASSURANCE', {
      outcome: 'approved',
      receivedOn: days.next.hwbbMeetingDate,
    });
    expect(c.state).toMatchObject({ key: 'closed', closed: true });
    await api()
      .get(`/api/cases/${c.id}/audit/verify`)
      .set(officer)
      .expect(200)
      .expect((res) => expect(res.body).toMatchObject({ ok: true }));
  });
});
