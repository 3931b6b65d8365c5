import type { CaseView } from '../libs/engine/case-view.service';
import { grantMeetingsHarness } from '../libs/testing/grant-meetings-harness.service';

/*
 * Version 3 of grant ratification through the HTTP API against PostgreSQL: Cabinet's
 * recommendation and Full Council's decision come from the show of hands at their meetings, as
 * each body's own rule (a simple majority, a tie decided by the casting vote of the person presiding,
 * LGA 1972 Sch 12 para 39(2)) counts it, never typed into the case. The
 * seed's order (002 item 9: Cabinet, then Full Council the next week, then the HWBB) on 2026's
 * dates: Cabinet Tue 14 July, Full Council Wed 22 July (and an earlier Council on Wed 8 July),
 * agendas published Fri 26 June. London is on BST (UTC+1).
 */

const RECOMMENDATION =
  'To accept a one-off Government grant of £9,710,902 over three years, £4,981,651 in 2026/27';
const CABINET = '2026-07-14';
const EARLY_COUNCIL = '2026-07-08';
const COUNCIL = '2026-07-22';
const NEXT = {
  cabinetMeetingDate: '2026-08-11',
  councilMeetingDate: '2026-08-19',
  ratificationDeadline: '2026-08-27',
};

describe('grant ratification version 3: Cabinet recommends and Full Council decides at their meetings', () => {
  const h = grantMeetingsHarness([
    { body: 'cabinet', date: CABINET },
    { body: 'fullCouncil', date: EARLY_COUNCIL },
    { body: 'fullCouncil', date: COUNCIL },
  ]);
  const { api, auth, cases, itemAt, showOfHands, eventsOf, clock } = h;

  /** A case opened on version 3 by its number, agreed in principle by both boards. */
  const agreed = async (title: string): Promise<CaseView> => {
    const opened = await cases.open({
      template: 'grant-ratification',
      templateVersion: 3,
      title,
      dates: {
        cabinetMeetingDate: CABINET,
        councilMeetingDate: COUNCIL,
        ratificationDeadline: '2026-07-30',
      },
      roles: { reportOwner: h.world().ids.offices.serviceDirector },
    });
    expect(opened.template).toMatchObject({ id: 'grant-ratification', version: 3 });
    const ib = await cases.act(opened, 'officer', 'RECORD_AGREEMENT_IN_PRINCIPLE', {
      body: 'integrationBoard',
      meetingDate: '2026-06-16',
      minuteReference: 'Integration Board 16 Jun 2026, item 4',
    });
    return cases.act(ib, 'officer', 'RECORD_AGREEMENT_IN_PRINCIPLE', {
      body: 'commissioningPartnershipBoard',
      meetingDate: '2026-06-23',
      minuteReference: 'CPB 23 Jun 2026, item 5',
    });
  };
  const proposed = async (title: string) =>
    cases.act(await agreed(title), 'officer', 'RECORD_PROPOSED_RECOMMENDATION', {
      recommendation: RECOMMENDATION,
    });
  /** Cabinet's meeting recommends the case's proposal: 3 for, 1 against. */
  const recommended = async (c: CaseView) => {
    const item = await itemAt('cabinet', CABINET, `${c.title}: recommendation to Council`, c.id);
    await showOfHands('cabinet', CABINET, item, ['for', 'for', 'for', 'against']).expect(201);
    return cases.read(c.id);
  };
  const typed = async (c: CaseView, type: string, payload: Record<string, unknown>) => {
    const res = await api()
      .post(`/api/cases/${c.id}/events`)
      .set(auth())
      .send({ type, expectedVersion: c.version, payload });
    return { status: res.status, body: res.body as unknown };
  };
  const refusal = (rule: string) => ({
    status: 422,
    body: { code: 'GOVERNANCE_RULE_BROKEN', rule },
  });

  it('takes Cabinet’s majority and then Council’s from their shows of hands, with the counts, to the HWBB’s ratification', async () => {
    const c = await proposed('Adult Social Care grant 2026/27');
    expect(c.state.summary).toBe(
      `Agreed in principle: awaiting Cabinet’s vote on recommending “${RECOMMENDATION}” to Full Council (meeting Tuesday 14 July 2026)`,
    );
    const atCabinet = await itemAt(
      'cabinet',
      CABINET,
      'Adult Social Care grant: recommendation',
      c.id,
    );
    await showOfHands('cabinet', CABINET, atCabinet, ['for', 'for', 'against', 'abstain']).expect(
      201,
    );
    const toCouncil = await cases.read(c.id);
    expect(toCouncil.state.summary).toBe(
      `Recommended by Cabinet (“${RECOMMENDATION}”): awaiting Full Council’s vote on a motion to approve it (meeting Wednesday 22 July 2026)`,
    );
    expect(await eventsOf(c.id, 'RECORD_CABINET_RECOMMENDATION')).toEqual([
      {
        type: 'RECORD_CABINET_RECOMMENDATION',
        payload: {
          decision: 'recommended',
          recommendation: RECOMMENDATION,
          meetingDate: CABINET,
          minuteReference: `"Adult Social Care grant: recommendation", meeting of ${CABINET}`,
          vote: { for: 2, against: 1, abstain: 1 },
          fromMeeting: true,
        },
      },
    ]);

    const atCouncil = await itemAt('fullCouncil', COUNCIL, 'Adult Social Care grant', c.id);
    await showOfHands('fullCouncil', COUNCIL, atCouncil, [
      'for',
      'for',
      'for',
      'against',
      'abstain',
      'for',
    ]).expect(201);
    const approved = await cases.read(c.id);
    expect(approved.state.summary).toBe(
      'Approved by Full Council on Cabinet’s recommendation: awaiting ratification by the HWBB by Thursday 30 July 2026',
    );
    expect((await eventsOf(c.id, 'RECORD_COUNCIL_DECISION'))[0].payload).toMatchObject({
      decision: 'approved',
      vote: { for: 4, against: 1, abstain: 1 },
      fromMeeting: true,
    });

    clock.set('2026-07-30T18:00:00Z');
    const ratified = await cases.act(approved, 'officer', 'RECORD_RATIFICATION', {
      decision: 'ratified',
      meetingDate: '2026-07-30',
      minuteReference: 'HWBB 30 Jul 2026, minute 6',
    });
    expect(ratified.state.closed).toBe(true);
    expect(await cases.verify(c.id)).toMatchObject({ ok: true });
  });

  it('approves on a 3–3 tie at Full Council carried by the casting vote of the Mayor presiding, and refuses the tie without one', async () => {
    const c = await recommended(await proposed('Adult Social Care grant 2026/27, casting vote'));
    const item = await itemAt('fullCouncil', COUNCIL, 'Grant: tied at Council', c.id);
    const tie = ['for', 'for', 'for', 'against', 'against', 'against'];
    const missing = await showOfHands('fullCouncil', COUNCIL, item, tie).expect(422);
    expect(missing.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'CASTING_VOTE_REQUIRED',
      problems: [{ path: 'castingVote.hand' }],
    });
    expect(await eventsOf(c.id, 'RECORD_COUNCIL_DECISION')).toEqual([]);
    const untied = await showOfHands(
      'fullCouncil',
      COUNCIL,
      item,
      ['for', 'for', 'for', 'for', 'against', 'against'],
      { presiding: 0, hand: 'for' },
    ).expect(422);
    expect(untied.body).toMatchObject({ rule: 'CASTING_VOTE_WITHOUT_A_TIE' });

    await showOfHands('fullCouncil', COUNCIL, item, tie, { presiding: 0, hand: 'for' }).expect(201);
    const approved = await cases.read(c.id);
    expect(approved.state.summary).toBe(
      'Approved by Full Council on Cabinet’s recommendation: awaiting ratification by the HWBB by Thursday 30 July 2026',
    );
    expect((await eventsOf(c.id, 'RECORD_COUNCIL_DECISION'))[0].payload).toMatchObject({
      decision: 'approved',
      vote: { for: 3, against: 3, abstain: 0 },
      fromMeeting: true,
    });
    const stored = await h.outcomeOf(item);
    expect(stored).toMatchObject({ outcome: 'carried', casting_vote: { hand: 'for' } });
    expect(stored.explanation.at(-1)).toBe(
      `carried on the casting vote of the chair, ${stored.casting_vote.name} (for)`,
    );
  });

  it('keeps the recommendation before Council when a motion to refer it back is tied, then refers it back when the next such motion is carried', async () => {
    const c = await recommended(await proposed('Adult Social Care grant 2026/27, referred back'));
    const motion = await cases.act(c, 'officer', 'RECORD_COUNCIL_MOTION', {
      motion: 'referBackToCabinet',
      ...NEXT,
    });
    const first = await itemAt('fullCouncil', COUNCIL, 'Grant: motion to refer back', c.id);
    await showOfHands(
      'fullCouncil',
      COUNCIL,
      first,
      ['for', 'for', 'for', 'against', 'against', 'against'],
      { presiding: 0, hand: 'against' },
    ).expect(201);
    const tied = await cases.read(c.id);
    expect(tied.state.summary).toBe(
      `Recommended by Cabinet (“${RECOMMENDATION}”): awaiting Full Council’s vote on a motion to approve it (a motion to refer it back was lost on Wednesday 22 July 2026, 3 for, 3 against) (meeting Wednesday 22 July 2026)`,
    );
    expect((await eventsOf(c.id, 'RECORD_COUNCIL_DECISION'))[0].payload).toMatchObject({
      decision: 'referralLost',
      reasons: expect.stringContaining('lost on the casting vote of the chair'),
      vote: { for: 3, against: 3, abstain: 0 },
    });
    expect(tied.version).toBeGreaterThan(motion.version);

    await cases.act(tied, 'officer', 'RECORD_COUNCIL_MOTION', {
      motion: 'referBackToCabinet',
      ...NEXT,
    });
    const second = await itemAt(
      'fullCouncil',
      COUNCIL,
      'Grant: a second motion to refer back',
      c.id,
    );
    await showOfHands('fullCouncil', COUNCIL, second, [
      'for',
      'for',
      'for',
      'for',
      'against',
      'against',
    ]).expect(201);
    const back = await cases.read(c.id);
    expect(back.state.summary).toBe(
      `Referred back to Cabinet by Full Council on Wednesday 22 July 2026 ("Grant: a second motion to refer back", meeting of Wednesday 22 July 2026): awaiting Cabinet’s vote on recommending “${RECOMMENDATION}” to Full Council (meeting Tuesday 11 August 2026)`,
    );
    expect((await eventsOf(c.id, 'RECORD_COUNCIL_DECISION'))[1].payload).toMatchObject({
      decision: 'referredBackToCabinet',
      ...NEXT,
      vote: { for: 4, against: 2, abstain: 0 },
    });
  });

  it('closes on a tie at Cabinet lost on the casting vote of the person presiding, given as the reason', async () => {
    const c = await proposed('Adult Social Care grant 2026/27, tied at Cabinet');
    const item = await itemAt('cabinet', CABINET, 'Grant: tied', c.id);
    await showOfHands('cabinet', CABINET, item, ['for', 'for', 'against', 'against'], {
      presiding: 0,
      hand: 'against',
    }).expect(201);
    const closed = await cases.read(c.id);
    expect(closed.state.summary).toMatch(
      /^Closed: no recommendation to Full Council by Cabinet on Tuesday 14 July 2026 \("Grant: tied", meeting of Tuesday 14 July 2026\): Lost at the meeting on Tue 14 Jul 2026: 2 for, 2 against, 0 abstaining of 4 eligible members present: a tie, .*LGA 1972 Sch 12 para 39\(2\)\), so lost on the casting vote of the chair, .+ \(against\)$/,
    );
  });

  it('refuses the votes typed into the case, another body’s meeting, a vote on nothing proposed and a Council before the Cabinet that recommended', async () => {
    const c = await agreed('Adult Social Care grant 2026/27, refused');
    const vote = { for: 3, against: 1, abstain: 0 };
    const recommendation = {
      decision: 'recommended',
      recommendation: RECOMMENDATION,
      meetingDate: '2026-06-29',
      minuteReference: 'Cabinet, typed',
    };
    expect(
      await typed(c, 'RECORD_CABINET_RECOMMENDATION', { ...recommendation, vote }),
    ).toMatchObject(refusal('DECIDED_AT_A_MEETING'));
    expect(
      await typed(c, 'RECORD_CABINET_RECOMMENDATION', {
        ...recommendation,
        vote,
        fromMeeting: true,
      }),
    ).toMatchObject(refusal('DECIDED_AT_A_MEETING'));

    const early = await itemAt('fullCouncil', EARLY_COUNCIL, 'Grant at the early Council', c.id);
    expect(
      await showOfHands('fullCouncil', EARLY_COUNCIL, early).then((r) => ({
        status: r.status,
        body: r.body as unknown,
      })),
    ).toMatchObject(refusal('CASE_AWAITING_ANOTHER_BODY'));
    const atCabinet = await itemAt('cabinet', CABINET, 'Grant: nothing proposed yet', c.id);
    expect(
      await showOfHands('cabinet', CABINET, atCabinet).then((r) => ({
        status: r.status,
        body: r.body as unknown,
      })),
    ).toMatchObject(refusal('RECOMMENDATION_NOT_PROPOSED'));
    expect((await cases.read(c.id)).version).toBe(c.version);

    const withProposal = await cases.act(c, 'officer', 'RECORD_PROPOSED_RECOMMENDATION', {
      recommendation: RECOMMENDATION,
    });
    await showOfHands('cabinet', CABINET, atCabinet).expect(201);
    const toCouncil = await cases.read(c.id);
    expect(toCouncil.version).toBeGreaterThan(withProposal.version);
    const before = await showOfHands('fullCouncil', EARLY_COUNCIL, early);
    expect({ status: before.status, body: before.body as unknown }).toMatchObject({
      ...refusal('COUNCIL_BEFORE_CABINET'),
      body: {
        explanation: [
          'Cabinet recommended the proposals to Full Council at its meeting on Tue 14 Jul 2026',
          'this Full Council meeting on Wed 8 Jul 2026 came before it: Full Council decides on a recommendation Cabinet has already made',
        ],
      },
    });
    expect(
      await typed(toCouncil, 'RECORD_COUNCIL_DECISION', {
        decision: 'approved',
        meetingDate: CABINET,
        minuteReference: 'Council, typed',
        vote,
      }),
    ).toMatchObject(refusal('DECIDED_AT_A_MEETING'));
    expect((await cases.read(c.id)).version).toBe(toCouncil.version);
  });
});
