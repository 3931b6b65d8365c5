import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import { engineEffects as effects } from '../../testing/state-event-table.service';
import {
  grantRatificationV2Machine as machine,
  type GrantInput,
  type GrantV2Event,
} from './grant-ratification-v2.machine';

/**
 * Version 2 of grant ratification, checked purely: Cabinet recommends to Full Council, which
 * decides or refers the recommendation back to Cabinet; generated paths (no deadlock, the order of
 * the bodies) over version 2's events.
 */

type Snapshot = SnapshotFrom<typeof machine>;

const input: GrantInput = {
  dates: {
    cabinetMeetingDate: '2017-07-18',
    councilMeetingDate: '2017-07-19',
    ratificationDeadline: '2017-07-26',
  },
};
const minute = (meetingDate: string, minuteReference: string) => ({ meetingDate, minuteReference });

const E = {
  IB: {
    type: 'RECORD_AGREEMENT_IN_PRINCIPLE',
    body: 'integrationBoard',
    ...minute('2017-06-13', 'Integration Board 13 Jun 2017, item 4'),
  },
  CPB: {
    type: 'RECORD_AGREEMENT_IN_PRINCIPLE',
    body: 'commissioningPartnershipBoard',
    ...minute('2017-06-20', 'CPB 20 Jun 2017, item 5'),
  },
  recommended: {
    type: 'RECORD_CABINET_RECOMMENDATION',
    decision: 'recommended',
    recommendation: 'To accept the grant of £9,710,902 over three years',
    ...minute('2017-07-18', 'Cabinet 18 Jul 2017, minute 12'),
  },
  notRecommended: {
    type: 'RECORD_CABINET_RECOMMENDATION',
    decision: 'notRecommended',
    ...minute('2017-07-18', 'Cabinet 18 Jul 2017, minute 12'),
    reasons: 'The schemes exceed the grant conditions',
  },
  approved: {
    type: 'RECORD_COUNCIL_DECISION',
    decision: 'approved',
    ...minute('2017-07-19', 'Council 19 Jul 2017, minute 20'),
  },
  notApproved: {
    type: 'RECORD_COUNCIL_DECISION',
    decision: 'notApproved',
    ...minute('2017-07-19', 'Council 19 Jul 2017, minute 20'),
    reasons: 'The schemes exceed the grant conditions',
  },
  referredBack: {
    type: 'RECORD_COUNCIL_DECISION',
    decision: 'referredBackToCabinet',
    ...minute('2017-07-19', 'Council 19 Jul 2017, minute 20'),
    cabinetMeetingDate: '2017-08-15',
    councilMeetingDate: '2017-08-16',
    ratificationDeadline: '2017-08-23',
  },
  ratified: {
    type: 'RECORD_RATIFICATION',
    decision: 'ratified',
    ...minute('2017-07-26', 'HWBB 26 Jul 2017, minute 9'),
  },
  notRatified: {
    type: 'RECORD_RATIFICATION',
    decision: 'notRatified',
    ...minute('2017-07-26', 'HWBB 26 Jul 2017, minute 9'),
    reasons: 'The Board asked for the NHS impact first',
  },
  cabinetPassed: { type: 'DEADLINE_PASSED', key: 'cabinet' },
  councilPassed: { type: 'DEADLINE_PASSED', key: 'council' },
  ratificationPassed: { type: 'DEADLINE_PASSED', key: 'ratification' },
} satisfies Record<string, GrantV2Event>;

const run = (...events: GrantV2Event[]) => {
  let [s] = initialTransition(machine, input);
  let actions: readonly { type: string; params?: unknown }[] = [];
  for (const e of events) [s, actions] = transition(machine, s, e);
  return { s, effects: effects(actions) };
};

describe('grant ratification v2: Cabinet recommends, Full Council decides', () => {
  it('goes to Full Council on Cabinet’s recommendation, keeping its words, and tells the officer', () => {
    const { s, effects: fx } = run(E.IB, E.CPB, E.recommended);
    expect(stateKey(s.value)).toBe('open.fullCouncil');
    expect(s.context.cabinet).toEqual({
      ...minute('2017-07-18', 'Cabinet 18 Jul 2017, minute 12'),
      reasons: null,
      recommendation: 'To accept the grant of £9,710,902 over three years',
    });
    expect(fx).toEqual(['cancel cabinet', 'notify recommended-to-council → officer']);
  });

  it('closes when Cabinet makes no recommendation: Full Council has nothing to consider', () => {
    const { s } = run(E.CPB, E.IB, E.notRecommended);
    expect(s.status).toBe('done');
    expect(s.context.outcome).toBe('notRecommendedByCabinet');
    expect(s.context.cabinet?.recommendation).toBeNull();
  });

  it('does not take version 1’s Cabinet decision', () => {
    const [before] = transition(machine, run(E.IB, E.CPB).s, {
      type: 'RECORD_CABINET_DECISION',
      decision: 'approved',
      ...minute('2017-07-18', 'x'),
    } as unknown as GrantV2Event);
    expect(stateKey(before.value)).toBe('open.cabinet');
  });

  it('returns to Cabinet on a referral back, arming the next three meetings afresh and clearing what was overdue', () => {
    const late = run(E.IB, E.CPB, E.recommended, E.councilPassed, E.ratificationPassed).s;
    expect(late.context.overdue).toEqual({ cabinet: false, council: true, ratification: true });
    const [s, actions] = transition(machine, late, E.referredBack);
    expect(stateKey(s.value)).toBe('open.cabinet');
    expect(effects(actions)).toEqual([
      'cancel council',
      'cancel ratification',
      'arm cabinet 2017-08-15, reminders 5',
      'arm council 2017-08-16, reminders 5',
      'arm ratification 2017-08-23, reminders 5',
      'notify referred-back-to-cabinet → officer, reportOwner',
    ]);
    expect(s.context.dates).toEqual({
      cabinetMeetingDate: '2017-08-15',
      councilMeetingDate: '2017-08-16',
      ratificationDeadline: '2017-08-23',
    });
    expect(s.context.overdue).toEqual({ cabinet: false, council: false, ratification: false });
    expect(s.context.referral).toEqual({
      ...minute('2017-07-19', 'Council 19 Jul 2017, minute 20'),
      reasons: null,
    });
  });

  it.each([
    ['approved', E.approved, 'open.hwbbRatification', null],
    ['not approved', E.notApproved, 'closed', 'notApprovedByCouncil'],
  ] as const)('keeps version 1’s Council decision when %s', (_, event, state, outcome) => {
    const { s } = run(E.IB, E.CPB, E.recommended, event);
    expect(stateKey(s.value)).toBe(state);
    expect(s.context.outcome).toBe(outcome);
  });
});

describe('grant ratification v2: generated paths', () => {
  // The bodies' decisions (the timers only mark dates overdue, checked above); a state is its step,
  // whether Council has referred the recommendation back, and the outcome.
  const events = Object.values(E).filter((e) => e.type !== 'DEADLINE_PASSED') as GrantV2Event[];
  const serializeState = (s: Snapshot) =>
    `${stateKey(s.value)} ${s.context.referral !== null} ${s.context.outcome}`;
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

  it('reaches every state of the machine, the referral back included', () => {
    const reached = new Set(simple.map((p) => stateKey(p.state.value)));
    expect([...reached].filter((k) => !k.startsWith('open.inPrinciple')).sort()).toEqual([
      'closed',
      'open.cabinet',
      'open.fullCouncil',
      'open.hwbbRatification',
    ]);
    expect(simple.some((p) => p.state.context.referral !== null)).toBe(true);
  });

  it('ratifies only on a Council approval of the latest Cabinet recommendation', () => {
    const ratified = simple.filter((p) => p.state.context.outcome === 'ratified');
    expect(ratified.length).toBeGreaterThan(2);
    for (const p of ratified) {
      const decisions = p.steps
        .map((s) => s.event)
        .filter(
          (e) => e.type === 'RECORD_CABINET_RECOMMENDATION' || e.type === 'RECORD_COUNCIL_DECISION',
        )
        .map((e) => ('decision' in e ? e.decision : ''));
      // Every Council decision answers the recommendation before it; the last approves it.
      expect(decisions.slice(-2)).toEqual(['recommended', 'approved']);
      for (let i = 0; i < decisions.length; i += 2) expect(decisions[i]).toBe('recommended');
    }
  });
});
