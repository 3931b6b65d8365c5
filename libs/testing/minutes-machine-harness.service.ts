import {
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventFromLogic,
  initialTransition,
  type SnapshotFrom,
  transition,
} from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import type { MinutesInput } from '../workflows/minutes-approval/minutes-approval.machine';

/*
 * The versions of minutes approval after the first checked purely
 * (libs/workflows/minutes-approval/minutes-approval-v<n>.machine.spec.ts), each on the same
 * meetings: the seed's minutes of 28 June 2017, approved at the Board's meeting of 26 July 2017.
 * A version's spec names its own events and the facts its search tells apart; the start, a step,
 * the emails a step sends and the generated paths are the same for every version.
 */

/** The minutes of 28 June 2017, to be approved at the meeting of 26 July 2017. */
export const MINUTES_INPUT: MinutesInput = {
  dates: { meetingDate: '2017-06-28', nextMeetingDate: '2017-07-26' },
};

/** The meeting of 26 July 2017 approves them with one amendment; a version's event adds who signs. */
export const APPROVAL = {
  type: 'RECORD_APPROVAL' as const,
  meetingDate: '2017-07-26',
  minuteReference: 'HWBB 26 Jul 2017, minute 2',
  amendments: ['Governing Body, not Governance Board'],
  fromMeeting: true as const,
};

/** The meeting of 26 July 2017 as the meetings API describes it to a version's minutesEvents. */
export const APPROVING_MEETING = {
  meetingDate: '2017-07-26',
  meetingTitle: 'Health and Wellbeing Board, 26 July 2017',
  bodyName: 'Southampton Health and Wellbeing Board',
};

/**
 * The meeting's `approval` with the chair to sign, and with the vice-chair to sign in the chair's
 * (Cllr Dave Shields's) place `because` the chair cannot, as the versions' specs name them.
 */
export const chairOrViceChair = <A extends object>(approval: A, because: string) => ({
  'RECORD_APPROVAL, the chair signs': { ...approval, signer: 'chair' as const },
  'RECORD_APPROVAL, the chair absent': {
    ...approval,
    signer: 'viceChair' as const,
    inPlaceOf: 'Cllr Dave Shields',
    because,
  },
});

/**
 * Events the versions' specs name alike, by those names; a spec picks the ones its version's
 * searches take (minutesEvents) beside its own (the approvals, which differ in who signs and why).
 */
export const MINUTES_EVENTS = {
  NAME_PRESIDING_MEMBER: {
    type: 'NAME_PRESIDING_MEMBER',
    personId: '6b1f0f0e-3c2a-4d57-9a43-5f0e8c1d2b7a',
    name: 'Cllr Sarah Bogle',
    fromMeeting: true,
  },
  'SIGN, the chair': { type: 'SIGN', role: 'chair' },
  'SIGN, the vice-chair': { type: 'SIGN', role: 'viceChair' },
  'SIGN, the member who presided': { type: 'SIGN', role: 'presiding' },
  'RETURN_FOR_CORRECTION, the vice-chair': {
    type: 'RETURN_FOR_CORRECTION',
    role: 'viceChair',
    reasons: 'The amendment is missing',
  },
  RECORD_CORRECTION: { type: 'RECORD_CORRECTION', correctedOn: '2017-07-27', details: 'Fixed' },
  'REMINDER_DUE meeting': { type: 'REMINDER_DUE', key: 'meeting', workingDaysLeft: 5 },
  'DEADLINE_PASSED meeting': { type: 'DEADLINE_PASSED', key: 'meeting' },
} as const;

/** The shared events named, in the order named. */
export function minutesEvents<K extends keyof typeof MINUTES_EVENTS>(
  ...names: K[]
): Pick<typeof MINUTES_EVENTS, K> {
  return Object.fromEntries(names.map((n) => [n, MINUTES_EVENTS[n]])) as Pick<
    typeof MINUTES_EVENTS,
    K
  >;
}

/** The emails a step sends: each message and the roles it goes to (and any other params). */
export const notified = (actions: unknown[]) =>
  (actions as { type: string; params?: unknown }[])
    .filter((a) => a.type === 'notify')
    .map((a) => a.params as { message: string; to: string[] });

/** A version's machine on MINUTES_INPUT: its start, a step, and its paths over `events`. */
export function minutesMachineHarness<M extends AnyStateMachine>(spec: {
  machine: M;
  events: Record<string, EventFromLogic<M>>;
  /** How the path search tells snapshots apart: the state key and the facts guards read. */
  serializeState: (s: SnapshotFrom<M>) => string;
}) {
  type Typed = SnapshotFrom<M>;
  const machine: AnyStateMachine = spec.machine;
  const events = Object.values(spec.events);
  const serializeState = (s: AnyMachineSnapshot) => spec.serializeState(s as Typed);
  const isDone = (s: AnyMachineSnapshot) => s.status === 'done';

  const start = () => initialTransition(machine, MINUTES_INPUT)[0] as Typed;
  const send = (s: Typed, e: EventFromLogic<M>) =>
    transition(machine, s as AnyMachineSnapshot, e) as [Typed, unknown[]];

  /** Every simple path from the start. */
  const simplePaths = () =>
    getSimplePaths(machine, { input: MINUTES_INPUT, events, serializeState });
  /** Every simple path from the start to the minutes signed. */
  const signedPaths = () =>
    getSimplePaths(machine, { input: MINUTES_INPUT, events, serializeState, toState: isDone });

  /** The test that the minutes can still be signed wherever a simple path leads. */
  function itCanAlwaysStillSign(): void {
    it('can still sign the minutes from every state reachable on a simple path: no deadlock', () => {
      const simple = simplePaths();
      expect(simple.length).toBeGreaterThan(8);
      const stuck = simple.filter(
        (p) =>
          getShortestPaths(machine, { fromState: p.state, events, serializeState, toState: isDone })
            .length === 0,
      );
      expect(stuck.map((p) => p.steps.map((s) => s.event.type).join(' → '))).toEqual([]);
    });
  }

  return { start, send, simplePaths, signedPaths, itCanAlwaysStillSign };
}
