import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import { engineEffects as effects } from '../../testing/state-event-table.service';
import type { GrantInput } from './grant-ratification.machine';
import {
  grantRatificationV3Machine as machine,
  type GrantV3Event,
} from './grant-ratification-v3.machine';

/**
 * Version 3 of grant ratification, checked purely: what each meeting votes on (the proposed
 * recommendation, the motion put to Council), each vote kept with its counts, a lost referral
 * leaving the recommendation before Council; generated paths over version 3's events.
 */

type Snapshot = SnapshotFrom<typeof machine>;

const input: GrantInput = {
  dates: {
    cabinetMeetingDate: '2017-07-18',
    councilMeetingDate: '2017-07-19',
    ratificationDeadline: '2017-07-26',
  },
};
const minute = (meetingDate: string) => ({
  meetingDate,
  minuteReference: `"Adult social care grant", meeting of ${meetingDate}`,
  fromMeeting: true as const,
});
const vote = (f: number, a: number, ab = 0) => ({ vote: { for: f, against: a, abstain: ab } });
const RECOMMENDATION = 'To accept the grant of £9,710,902 over three years';
const NEXT = {
  cabinetMeetingDate: '2017-08-15',
  councilMeetingDate: '2017-08-16',
  ratificationDeadline: '2017-08-23',
};

const E = {
  IB: {
    type: 'RECORD_AGREEMENT_IN_PRINCIPLE',
    body: 'integrationBoard',
    meetingDate: '2017-06-13',
    minuteReference: 'Integration Board 13 Jun 2017, item 4',
  },
  CPB: {
    type: 'RECORD_AGREEMENT_IN_PRINCIPLE',
    body: 'commissioningPartnershipBoard',
    meetingDate: '2017-06-20',
    minuteReference: 'CPB 20 Jun 2017, item 5',
  },
  proposed: { type: 'RECORD_PROPOSED_RECOMMENDATION', recommendation: RECOMMENDATION },
  carried: {
    type: 'RECORD_CABINET_RECOMMENDATION',
    decision: 'recommended',
    recommendation: RECOMMENDATION,
    ...minute('2017-07-18'),
    ...vote(4, 1),
  },
  tied: {
    type: 'RECORD_CABINET_RECOMMENDATION',
    decision: 'notRecommended',
    ...minute('2017-07-18'),
    reasons: 'Lost: a tie is not a majority',
    ...vote(2, 2, 1),
  },
  referBack: { type: 'RECORD_COUNCIL_MOTION', motion: 'referBackToCabinet', ...NEXT },
  approved: {
    type: 'RECORD_COUNCIL_DECISION',
    decision: 'approved',
    ...minute('2017-07-19'),
    ...vote(30, 12, 3),
  },
  notApproved: {
    type: 'RECORD_COUNCIL_DECISION',
    decision: 'notApproved',
    ...minute('2017-07-19'),
    reasons: 'Lost: not more for than against',
    ...vote(20, 22),
  },
  referred: {
    type: 'RECORD_COUNCIL_DECISION',
    decision: 'referredBackToCabinet',
    ...minute('2017-07-19'),
    ...NEXT,
    ...vote(25, 20),
  },
  referralLost: {
    type: 'RECORD_COUNCIL_DECISION',
    decision: 'referralLost',
    ...minute('2017-07-19'),
    reasons: 'Lost: a tie is not a majority',
    ...vote(20, 20, 5),
  },
  ratified: {
    type: 'RECORD_RATIFICATION',
    decision: 'ratified',
    meetingDate: '2017-08-23',
    minuteReference: 'HWBB 23 Aug 2017, minute 4',
  },
} satisfies Record<string, GrantV3Event>;

const run = (...events: GrantV3Event[]) => {
  let [s] = initialTransition(machine, input);
  let actions: readonly { type: string; params?: unknown }[] = [];
  for (const e of events) [s, actions] = transition(machine, s, e);
  return { s, effects: effects(actions) };
};

describe('grant ratification v3: Cabinet and Council vote at their meetings', () => {
  it('keeps the recommendation the report proposes, then Cabinet’s vote with its counts', () => {
    const proposed = run(E.IB, E.CPB, E.proposed).s;
    expect(stateKey(proposed.value)).toBe('open.cabinet');
    expect(proposed.context.proposedRecommendation).toBe(RECOMMENDATION);
    const { s, effects: fx } = run(E.IB, E.CPB, E.proposed, E.carried);
    expect(stateKey(s.value)).toBe('open.fullCouncil');
    expect(s.context.votes).toEqual([
      {
        body: 'cabinet',
        meetingDate: '2017-07-18',
        motion: 'recommend',
        carried: true,
        for: 4,
        against: 1,
        abstain: 0,
      },
    ]);
    expect(fx).toEqual(['cancel cabinet', 'notify recommended-to-council → officer']);
  });

  it('closes on a tie at Cabinet: no recommendation', () => {
    const { s } = run(E.IB, E.CPB, E.proposed, E.tied);
    expect(s.status).toBe('done');
    expect(s.context.outcome).toBe('notRecommendedByCabinet');
    expect(s.context.votes[0]).toMatchObject({ carried: false, for: 2, against: 2, abstain: 1 });
  });

  it('takes the motion to refer back, and Council’s vote carrying it returns the case to Cabinet', () => {
    const { s, effects: fx } = run(E.IB, E.CPB, E.proposed, E.carried, E.referBack, E.referred);
    expect(stateKey(s.value)).toBe('open.cabinet');
    expect(s.context.dates).toEqual(NEXT);
    expect(s.context.councilMotion).toBeNull();
    expect(s.context.votes.at(-1)).toMatchObject({
      body: 'council',
      motion: 'referBackToCabinet',
      carried: true,
    });
    expect(fx).toContain('notify referred-back-to-cabinet → officer, reportOwner');
  });

  it('leaves the recommendation before Council when the referral is lost, its motion spent', () => {
    const lost = run(E.IB, E.CPB, E.proposed, E.carried, E.referBack, E.referralLost);
    expect(stateKey(lost.s.value)).toBe('open.fullCouncil');
    expect(lost.effects).toEqual([]);
    expect(lost.s.context.councilMotion).toBeNull();
    expect(lost.s.context.votes.at(-1)).toMatchObject({
      motion: 'referBackToCabinet',
      carried: false,
      for: 20,
      against: 20,
    });
    const [approved] = transition(machine, lost.s, E.approved);
    expect(stateKey(approved.value)).toBe('open.hwbbRatification');
  });

  it.each([
    ['carried', E.approved, 'open.hwbbRatification', null],
    ['lost', E.notApproved, 'closed', 'notApprovedByCouncil'],
  ] as const)('decides on approval %s as version 2 did', (_, event, state, outcome) => {
    const { s } = run(E.IB, E.CPB, E.proposed, E.carried, event);
    expect(stateKey(s.value)).toBe(state);
    expect(s.context.outcome).toBe(outcome);
    expect(s.context.votes.at(-1)).toMatchObject({ body: 'council', motion: 'approve' });
  });
});

describe('grant ratification v3: generated paths', () => {
  const events = Object.values(E) as GrantV3Event[];
  const serializeState = (s: Snapshot) =>
    `${stateKey(s.value)} ${s.context.referral !== null} ${s.context.outcome} ${s.context.proposedRecommendation !== null} ${s.context.councilMotion?.motion} ${s.context.votes.length > 3}`;
  const canFinish = (from: Snapshot) =>
    getShortestPaths(machine, {
      fromState: from,
      events,
      serializeState,
      toState: (s) => s.status === 'done',
    }).length > 0;
  const simple = getSimplePaths(machine, { input, events, serializeState });

  it('can still close the case from every state reachable on a simple path: no deadlock', () => {
    expect(simple.length).toBeGreaterThan(10);
    const stuck = simple.filter((p) => !canFinish(p.state));
    expect(stuck.map((p) => p.steps.map((s) => s.event.type).join(' → '))).toEqual([]);
  });

  it('reaches every step, a referral carried and one lost', () => {
    const reached = new Set(simple.map((p) => stateKey(p.state.value)));
    expect([...reached].filter((k) => !k.startsWith('open.inPrinciple')).sort()).toEqual([
      'closed',
      'open.cabinet',
      'open.fullCouncil',
      'open.hwbbRatification',
    ]);
    expect(simple.some((p) => p.state.context.referral !== null)).toBe(true);
    expect(
      simple.some((p) => p.state.context.votes.some((v) => v.body === 'council' && !v.carried)),
    ).toBe(true);
  });

  it('ratifies only after Council’s vote approving Cabinet’s latest recommendation, each vote kept', () => {
    const ratified = simple.filter((p) => p.state.context.outcome === 'ratified');
    expect(ratified.length).toBeGreaterThan(1);
    for (const p of ratified) {
      const votes = p.state.context.votes;
      expect(votes.slice(-2).map((v) => [v.body, v.motion, v.carried])).toEqual([
        ['cabinet', 'recommend', true],
        ['council', 'approve', true],
      ]);
      const decided = p.steps.filter((s) =>
        ['RECORD_CABINET_RECOMMENDATION', 'RECORD_COUNCIL_DECISION'].includes(s.event.type),
      );
      expect(votes.length).toBeGreaterThanOrEqual(2);
      expect(votes.length).toBeLessThanOrEqual(decided.length);
      // Council approves only once, on the way to ratification.
      expect(
        votes.filter((v) => v.body === 'council' && v.carried && v.motion === 'approve'),
      ).toHaveLength(1);
    }
  });
});
