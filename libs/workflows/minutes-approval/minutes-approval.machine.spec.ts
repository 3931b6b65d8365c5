import { initialTransition, type SnapshotFrom } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import { engineEffects as effects, stateEventTable } from '../../testing/state-event-table.service';
import {
  minutesApprovalMachine as machine,
  type MinutesEvent,
  type MinutesInput,
} from './minutes-approval.machine';

/**
 * The minutes-approval statechart, checked purely: every state it can rest in against every event
 * it knows, then its effects and context, then generated paths (every state node reachable, the
 * case can always still be closed).
 */

type Snapshot = SnapshotFrom<typeof machine>;

/** The seed's meetings: minutes of 28 June 2017, approved at the meeting of 26 July 2017. */
const input: MinutesInput = { dates: { meetingDate: '2017-06-28', nextMeetingDate: '2017-07-26' } };

const E = {
  'RECORD_APPROVAL as drafted': {
    type: 'RECORD_APPROVAL',
    meetingDate: '2017-07-26',
    minuteReference: 'HWBB 26 Jul 2017, minute 2',
  },
  'RECORD_APPROVAL with an amendment': {
    type: 'RECORD_APPROVAL',
    meetingDate: '2017-07-26',
    minuteReference: 'HWBB 26 Jul 2017, minute 2',
    amendments: ['The CCG member’s interest to read “Governing Body”, not “Governance Board”'],
  },
  'DEFER to a later meeting': {
    type: 'DEFER',
    meetingDate: '2017-07-26',
    reasons: 'The draft minutes were not circulated with the agenda',
    nextMeetingDate: '2017-10-18',
  },
  'DEFER to an earlier date': {
    type: 'DEFER',
    meetingDate: '2017-07-26',
    reasons: 'Mistaken date',
    nextMeetingDate: '2017-07-01',
  },
  SIGN: { type: 'SIGN', role: 'chair', comments: 'Signed at the meeting' },
  RETURN_FOR_CORRECTION: {
    type: 'RETURN_FOR_CORRECTION',
    role: 'chair',
    reasons: 'The amendment is not in the signed copy',
  },
  RECORD_CORRECTION: {
    type: 'RECORD_CORRECTION',
    correctedOn: '2017-07-27',
    details: 'Amendment incorporated in minute 1',
  },
  'DEADLINE_PASSED meeting': { type: 'DEADLINE_PASSED', key: 'meeting' },
  'REMINDER_DUE meeting': { type: 'REMINDER_DUE', key: 'meeting', workingDaysLeft: 5 },
} satisfies Record<string, MinutesEvent>;
type EventName = keyof typeof E;

const STATES = {
  awaitingApproval: { key: 'open.awaitingApproval', via: [] },
  awaitingSignature: { key: 'open.awaitingSignature', via: ['RECORD_APPROVAL with an amendment'] },
  correcting: {
    key: 'open.correcting',
    via: ['RECORD_APPROVAL with an amendment', 'RETURN_FOR_CORRECTION'],
  },
  signed: { key: 'signed', via: ['RECORD_APPROVAL with an amendment', 'SIGN'] },
} satisfies Record<string, { key: string; via: EventName[] }>;
type StateName = keyof typeof STATES;

const ARM_MEETING = 'arm meeting 2017-07-26, reminders 5';
const ARM_DEFERRED = 'arm meeting 2017-10-18, reminders 5';
const CANCEL_MEETING = 'cancel meeting';
const SIGNATURE_REQUESTED = 'notify signature-requested → chair';
const CORRECTION_REQUESTED = 'notify correction-requested → officer';
const MINUTES_OVERDUE = 'notify minutes-overdue → officer, chair';
const MINUTES_SIGNED = 'notify minutes-signed → officer';
const reminder = (to: string) => `notify meeting-reminder → ${to} (5 working days)`;

type Cell = { to: StateName; effects: string[] };
const go = (to: StateName, ...effects: string[]): Cell => ({ to, effects });

/** What each state accepts; every other event is refused. */
const TABLE: Record<StateName, Partial<Record<EventName, Cell>>> = {
  awaitingApproval: {
    'RECORD_APPROVAL as drafted': go('awaitingSignature', SIGNATURE_REQUESTED),
    'RECORD_APPROVAL with an amendment': go('awaitingSignature', SIGNATURE_REQUESTED),
    'DEFER to a later meeting': go('awaitingApproval', CANCEL_MEETING, ARM_DEFERRED),
    'DEADLINE_PASSED meeting': go('awaitingApproval', MINUTES_OVERDUE),
    'REMINDER_DUE meeting': go('awaitingApproval', reminder('officer')),
  },
  awaitingSignature: {
    SIGN: go('signed', CANCEL_MEETING, MINUTES_SIGNED),
    RETURN_FOR_CORRECTION: go('correcting', CORRECTION_REQUESTED),
    'DEADLINE_PASSED meeting': go('awaitingSignature', MINUTES_OVERDUE),
    'REMINDER_DUE meeting': go('awaitingSignature', reminder('chair')),
  },
  correcting: {
    RECORD_CORRECTION: go('awaitingSignature', SIGNATURE_REQUESTED),
    'DEADLINE_PASSED meeting': go('correcting', MINUTES_OVERDUE),
    'REMINDER_DUE meeting': go('correcting', reminder('officer')),
  },
  signed: {},
};

const table = stateEventTable({
  name: 'minutes approval',
  machine,
  input,
  events: E,
  states: STATES,
  table: TABLE,
  final: ['signed'],
});
const { send, reach } = table;
table.describeEveryStateAndEvent();

describe('minutes approval: effects and context', () => {
  it('opens awaiting approval, arming the next meeting as the deadline with a reminder when the agenda is due', () => {
    const [s, actions] = initialTransition(machine, input);
    expect(stateKey(s.value)).toBe('open.awaitingApproval');
    expect(effects(actions)).toEqual([ARM_MEETING]);
    expect(s.context).toEqual({
      dates: input.dates,
      resolution: null,
      deferrals: [],
      corrections: [],
      signature: null,
      overdue: { meeting: false },
    });
  });

  it('records the resolution with the amendments the Board made, and the chair’s signature', () => {
    const signed = reach('signed');
    expect(signed.context.resolution).toEqual({
      meetingDate: '2017-07-26',
      minuteReference: 'HWBB 26 Jul 2017, minute 2',
      amendments: ['The CCG member’s interest to read “Governing Body”, not “Governance Board”'],
    });
    expect(signed.context.signature).toEqual({ comments: 'Signed at the meeting' });
  });

  it('records an approval as drafted with no amendments', () => {
    const [s] = send(reach('awaitingApproval'), E['RECORD_APPROVAL as drafted']);
    expect(s.context.resolution?.amendments).toEqual([]);
  });

  it('moves the deadline to the later meeting on deferral and clears the overdue flag', () => {
    const [overdue] = send(reach('awaitingApproval'), E['DEADLINE_PASSED meeting']);
    expect(overdue.context.overdue.meeting).toBe(true);
    const [deferred] = send(overdue, E['DEFER to a later meeting']);
    expect(deferred.context.dates.nextMeetingDate).toBe('2017-10-18');
    expect(deferred.context.overdue.meeting).toBe(false);
    expect(deferred.context.deferrals).toEqual([
      {
        meetingDate: '2017-07-26',
        reasons: 'The draft minutes were not circulated with the agenda',
      },
    ]);
  });

  it('keeps each return for correction with the correction that answered it', () => {
    const [corrected] = send(reach('correcting'), E.RECORD_CORRECTION);
    expect(corrected.context.corrections).toEqual([
      {
        reasons: 'The amendment is not in the signed copy',
        correctedOn: '2017-07-27',
        details: 'Amendment incorporated in minute 1',
      },
    ]);
  });
});

describe('minutes approval: generated paths', () => {
  const events = Object.values(E) as MinutesEvent[];
  /** The state plus what the guards read (the meeting date a deferral must move past). */
  const serializeState = (s: Snapshot) =>
    `${stateKey(s.value)} | ${s.context.dates.nextMeetingDate}`;
  const isDone = (s: Snapshot) => s.status === 'done';
  const canFinish = (from: Snapshot) =>
    getShortestPaths(machine, { fromState: from, events, serializeState, toState: isDone }).length >
    0;

  it('can still sign the minutes from every state reachable on a simple path: no deadlock', () => {
    const simple = getSimplePaths(machine, { input, events, serializeState });
    expect(simple.length).toBeGreaterThan(8);
    const stuck = simple.filter((p) => !canFinish(p.state));
    expect(stuck.map((p) => p.steps.map((s) => s.event.type).join(' → '))).toEqual([]);
  });

  it('passes every path that signs the minutes through the Board’s resolution and the chair’s signature', () => {
    const finished = getSimplePaths(machine, { input, events, serializeState, toState: isDone });
    expect(finished.length).toBeGreaterThan(2);
    for (const p of finished) {
      const types = p.steps.map((s) => s.event.type);
      expect(types).toContain('RECORD_APPROVAL');
      expect(types.at(-1)).toBe('SIGN');
    }
  });
});
