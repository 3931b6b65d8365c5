import type { DecidedOutcome } from '../../governance/decided-outcome.service';
import type { MeetingOutcome } from '../workflow.template';
import type { GrantV3Context } from './grant-ratification-v3.machine';
import { grantRatificationMeetingEvents as meetingEvents } from './grant-meeting-events.service';

/**
 * How a version 3 grant case takes Cabinet's and Full Council's shows of hands: the body checked,
 * the outcome their own majority rule computed (a tie lost), the motion the officer recorded, and
 * the meetings in order.
 */

const RECOMMENDATION = 'To accept the grant of £9,710,902 over three years';
const NEXT = {
  cabinetMeetingDate: '2026-09-15',
  councilMeetingDate: '2026-09-16',
  ratificationDeadline: '2026-09-24',
};

const majority = (f: number, a: number, ab = 0): DecidedOutcome => ({
  rule: 'majority',
  outcome: f > a ? 'carried' : 'lost',
  tie: f === a,
  tally: { for: f, against: a, abstain: ab },
  explanation: [
    'decided by a simple majority (Council procedure rules 17.1)',
    `${f} for, ${a} against, ${ab} abstaining of ${f + a + ab} eligible members present`,
    f > a
      ? 'carried: more for than against'
      : f === a
        ? 'lost: a tie is not a majority'
        : 'lost: not more for than against',
  ],
});

const at = (kind: string, meetingDate: string, decided?: DecidedOutcome): MeetingOutcome => ({
  meetingDate,
  body: {
    name: kind === 'cabinet' ? 'Cabinet' : kind === 'council' ? 'Full Council' : 'HWBB',
    kind,
  },
  item: {
    title: 'Adult social care grant',
    keyDecision: false,
    forwardPlanPublishedOn: null,
    reportPublishedOn: '2026-07-01',
    lateItemSpecialCircumstances: null,
    generalException: null,
    specialUrgency: null,
    privateItem: null,
  },
  members: [],
  attendance: [],
  declarations: [],
  hands: [],
  ...(decided ? { decided } : {}),
});

const context = (over: Partial<GrantV3Context> = {}): GrantV3Context =>
  ({
    dates: {
      cabinetMeetingDate: '2026-07-14',
      councilMeetingDate: '2026-07-22',
      ratificationDeadline: '2026-07-30',
    },
    inPrinciple: { integrationBoard: null, commissioningPartnershipBoard: null },
    cabinet: null,
    council: null,
    ratification: null,
    outcome: null,
    overdue: { cabinet: false, council: false, ratification: false },
    referral: null,
    proposedRecommendation: RECOMMENDATION,
    councilMotion: null,
    votes: [],
    ...over,
  }) as GrantV3Context;

const atCabinet = (over: Partial<GrantV3Context> = {}) => ({
  stateKey: 'open.cabinet',
  context: context(over),
});
const recommended = {
  cabinet: {
    meetingDate: '2026-07-14',
    minuteReference: 'x',
    reasons: null,
    recommendation: RECOMMENDATION,
  },
};
const atCouncil = (over: Partial<GrantV3Context> = {}) => ({
  stateKey: 'open.fullCouncil',
  context: context({ ...recommended, ...over }),
});

describe('grant ratification v3: Cabinet’s and Council’s shows of hands', () => {
  it('recommends the proposed recommendation when Cabinet’s motion is carried, with the counts', () => {
    expect(meetingEvents(at('cabinet', '2026-07-14', majority(3, 1)), atCabinet())).toEqual({
      ok: true,
      events: [
        {
          type: 'RECORD_CABINET_RECOMMENDATION',
          payload: {
            decision: 'recommended',
            recommendation: RECOMMENDATION,
            meetingDate: '2026-07-14',
            minuteReference: '"Adult social care grant", meeting of 2026-07-14',
            vote: { for: 3, against: 1, abstain: 0 },
            fromMeeting: true,
          },
        },
      ],
    });
  });

  it('makes no recommendation on a tie at Cabinet, saying why in the reasons', () => {
    const r = meetingEvents(at('cabinet', '2026-07-14', majority(2, 2, 1)), atCabinet());
    expect(r).toMatchObject({
      ok: true,
      events: [
        { payload: { decision: 'notRecommended', vote: { for: 2, against: 2, abstain: 1 } } },
      ],
    });
    if (r.ok)
      expect(r.events[0].payload.reasons).toBe(
        'Lost at the meeting on Tue 14 Jul 2026: 2 for, 2 against, 1 abstaining of 5 eligible members present, so lost: a tie is not a majority',
      );
  });

  it.each([
    ['approval carried', null, majority(30, 10), { decision: 'approved' }],
    ['approval lost', null, majority(20, 21, 4), { decision: 'notApproved' }],
    [
      'a referral carried',
      { motion: 'referBackToCabinet' as const, ...NEXT },
      majority(25, 20),
      { decision: 'referredBackToCabinet', ...NEXT },
    ],
    [
      'a referral tied',
      { motion: 'referBackToCabinet' as const, ...NEXT },
      majority(22, 22),
      { decision: 'referralLost' },
    ],
  ])('decides Council’s motion as its vote: %s', (_, councilMotion, decided, payload) => {
    expect(
      meetingEvents(at('council', '2026-07-22', decided), atCouncil({ councilMotion })),
    ).toMatchObject({
      ok: true,
      events: [{ type: 'RECORD_COUNCIL_DECISION', payload: { ...payload, fromMeeting: true } }],
    });
  });

  it('refuses another body’s meeting, naming the body awaited', () => {
    expect(meetingEvents(at('council', '2026-07-14', majority(3, 1)), atCabinet())).toMatchObject({
      ok: false,
      code: 'CASE_AWAITING_ANOTHER_BODY',
      explanation: [
        'the case is waiting for Cabinet’s vote at its meeting',
        'this is a meeting of Full Council: link the case to an item on Cabinet’s agenda',
      ],
    });
    expect(meetingEvents(at('hwbb', '2026-07-22', majority(3, 1)), atCouncil())).toMatchObject({
      ok: false,
      code: 'CASE_AWAITING_ANOTHER_BODY',
    });
  });

  it('refuses a Council meeting before the Cabinet meeting that recommended', () => {
    expect(meetingEvents(at('council', '2026-07-13', majority(30, 10)), atCouncil())).toMatchObject(
      {
        ok: false,
        code: 'COUNCIL_BEFORE_CABINET',
        explanation: [
          'Cabinet recommended the proposals to Full Council at its meeting on Tue 14 Jul 2026',
          'this Full Council meeting on Mon 13 Jul 2026 came before it: Full Council decides on a recommendation Cabinet has already made',
        ],
      },
    );
  });

  it('refuses a Cabinet meeting before Council’s referral back', () => {
    const referral = { meetingDate: '2026-07-22', minuteReference: 'x', reasons: null };
    expect(
      meetingEvents(at('cabinet', '2026-07-21', majority(3, 0)), atCabinet({ referral })),
    ).toMatchObject({
      ok: false,
      code: 'CABINET_BEFORE_REFERRAL',
    });
  });

  it('refuses a vote at Cabinet on nothing proposed', () => {
    expect(
      meetingEvents(
        at('cabinet', '2026-07-14', majority(3, 0)),
        atCabinet({ proposedRecommendation: null }),
      ),
    ).toEqual({
      ok: false,
      code: 'RECOMMENDATION_NOT_PROPOSED',
      explanation: [
        'Cabinet votes on the recommendation that the report proposes, and none is recorded on the case',
        'record the proposed recommendation on the case before the meeting takes the item',
      ],
      source: 'seed 002, item 9, para 3',
    });
  });

  it('refuses an outcome not counted by a majority, and a case awaiting no meeting', () => {
    const consensus: DecidedOutcome = {
      ...majority(3, 0),
      rule: 'consensus',
      outcome: 'consensus',
    };
    expect(meetingEvents(at('cabinet', '2026-07-14', consensus), atCabinet())).toMatchObject({
      ok: false,
      code: 'NOT_DECIDED_BY_MAJORITY',
    });
    expect(meetingEvents(at('cabinet', '2026-07-14'), atCabinet())).toMatchObject({
      ok: false,
      code: 'NOT_DECIDED_BY_MAJORITY',
    });
    expect(
      meetingEvents(at('cabinet', '2026-07-14', majority(3, 0)), {
        stateKey: 'open.hwbbRatification',
        context: context(),
      }),
    ).toMatchObject({ ok: false, code: 'CASE_NOT_AWAITING_A_MEETING' });
  });
});
