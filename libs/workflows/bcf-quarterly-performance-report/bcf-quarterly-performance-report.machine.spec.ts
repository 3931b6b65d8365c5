import { initialTransition, type SnapshotFrom } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import { engineEffects as effects, stateEventTable } from '../../testing/state-event-table.service';
import {
  bcfQuarterlyReportMachine as machine,
  type QuarterlyEvent,
  type QuarterlyInput,
} from './bcf-quarterly-performance-report.machine';

/**
 * The quarterly BCF performance report statechart, checked purely: every state it can rest in
 * against every event it knows, its effects and context, then generated paths (every state node
 * reachable, the report can always still be submitted).
 */

type Snapshot = SnapshotFrom<typeof machine>;

/** Q1 2021/22 (seed 001): JCB on 19 August 2021; NHS England submission by 10 September 2021. */
const input: QuarterlyInput = {
  dates: { jcbMeetingDate: '2021-08-19', submissionDate: '2021-09-10' },
};

const E = {
  RECORD_PREPARED: { type: 'RECORD_PREPARED', preparedOn: '2021-08-05' },
  RECORD_JCB_SIGN_OFF: {
    type: 'RECORD_JCB_SIGN_OFF',
    meetingDate: '2021-08-19',
    minuteReference: 'JCB 19 Aug 2021, item 6',
  },
  'RECORD_JCB_DEFERRAL to a later meeting': {
    type: 'RECORD_JCB_DEFERRAL',
    meetingDate: '2021-08-19',
    minuteReference: 'JCB 19 Aug 2021, item 6',
    reasons: 'No consensus on the discharge metric',
    nextMeetingDate: '2021-09-16',
  },
  'RECORD_JCB_DEFERRAL to an earlier date': {
    type: 'RECORD_JCB_DEFERRAL',
    meetingDate: '2021-08-19',
    minuteReference: 'JCB 19 Aug 2021, item 6',
    reasons: 'Mistaken date',
    nextMeetingDate: '2021-08-01',
  },
  'RECORD_HWBB_OUTCOME noted': {
    type: 'RECORD_HWBB_OUTCOME',
    outcome: 'noted',
    meetingDate: '2021-09-01',
    minuteReference: 'HWBB 1 Sep 2021, item 7',
  },
  'RECORD_HWBB_OUTCOME approved': {
    type: 'RECORD_HWBB_OUTCOME',
    outcome: 'approved',
    meetingDate: '2021-09-01',
    minuteReference: 'HWBB 1 Sep 2021, item 7',
  },
  RECORD_SUBMISSION: { type: 'RECORD_SUBMISSION', submittedOn: '2021-09-09' },
  'DEADLINE_PASSED jcb': { type: 'DEADLINE_PASSED', key: 'jcb' },
  'DEADLINE_PASSED submission': { type: 'DEADLINE_PASSED', key: 'submission' },
  'REMINDER_DUE jcb': { type: 'REMINDER_DUE', key: 'jcb', workingDaysLeft: 5 },
  'REMINDER_DUE submission': { type: 'REMINDER_DUE', key: 'submission', workingDaysLeft: 5 },
} satisfies Record<string, QuarterlyEvent>;
type EventName = keyof typeof E;

const STATES = {
  preparation: { key: 'open.beforeJcb.preparation', via: [] },
  jcbSignOff: { key: 'open.beforeJcb.jcbSignOff', via: ['RECORD_PREPARED'] },
  hwbb: { key: 'open.hwbb', via: ['RECORD_PREPARED', 'RECORD_JCB_SIGN_OFF'] },
  readyToSubmit: {
    key: 'open.readyToSubmit',
    via: ['RECORD_PREPARED', 'RECORD_JCB_SIGN_OFF', 'RECORD_HWBB_OUTCOME noted'],
  },
  submitted: {
    key: 'submitted',
    via: [
      'RECORD_PREPARED',
      'RECORD_JCB_SIGN_OFF',
      'RECORD_HWBB_OUTCOME noted',
      'RECORD_SUBMISSION',
    ],
  },
} satisfies Record<string, { key: string; via: EventName[] }>;
type StateName = keyof typeof STATES;

type Cell = { to: StateName; effects: string[] };
const go = (to: StateName, ...effects: string[]): Cell => ({ to, effects });

const timers = (state: StateName, ...keys: ('jcb' | 'submission')[]) =>
  Object.fromEntries(
    keys.flatMap((k) => [
      [`DEADLINE_PASSED ${k}`, go(state, `notify ${k}-overdue → officer, commissioningLead`)],
      [`REMINDER_DUE ${k}`, go(state, `notify ${k}-reminder → officer (5 working days)`)],
    ]),
  ) as Partial<Record<EventName, Cell>>;

const READY = 'notify report-ready-to-submit → officer';

/** What each state accepts; every other event is refused. */
const TABLE: Record<StateName, Partial<Record<EventName, Cell>>> = {
  preparation: {
    RECORD_PREPARED: go('jcbSignOff'),
    ...timers('preparation', 'jcb', 'submission'),
  },
  jcbSignOff: {
    RECORD_JCB_SIGN_OFF: go('hwbb', 'cancel jcb', 'notify report-for-hwbb → officer'),
    'RECORD_JCB_DEFERRAL to a later meeting': go(
      'preparation',
      'cancel jcb',
      'arm jcb 2021-09-16, reminders 5',
    ),
    ...timers('jcbSignOff', 'jcb', 'submission'),
  },
  hwbb: {
    'RECORD_HWBB_OUTCOME noted': go('readyToSubmit', READY),
    'RECORD_HWBB_OUTCOME approved': go('readyToSubmit', READY),
    ...timers('hwbb', 'submission'),
  },
  readyToSubmit: {
    RECORD_SUBMISSION: go(
      'submitted',
      'cancel submission',
      'notify report-submitted → officer, commissioningLead',
    ),
    ...timers('readyToSubmit', 'submission'),
  },
  submitted: {},
};

const table = stateEventTable({
  name: 'BCF quarterly performance report',
  machine,
  input,
  events: E,
  states: STATES,
  table: TABLE,
  final: ['submitted'],
});
const { send, reach } = table;
table.describeEveryStateAndEvent();

describe('BCF quarterly performance report: effects and context', () => {
  it('opens in preparation, arming the submission date (reminders 10 and 5 working days before) and the JCB meeting (5)', () => {
    const [s, actions] = initialTransition(machine, input);
    expect(effects(actions)).toEqual([
      'arm submission 2021-09-10, reminders 10,5',
      'arm jcb 2021-08-19, reminders 5',
    ]);
    expect(s.context.overdue).toEqual({ jcb: false, submission: false });
  });

  it('records the JCB sign-off, the HWBB’s outcome and the submission', () => {
    const done = reach('submitted');
    expect(done.context.prepared).toEqual({ preparedOn: '2021-08-05' });
    expect(done.context.jcb).toEqual({
      meetingDate: '2021-08-19',
      minuteReference: 'JCB 19 Aug 2021, item 6',
    });
    expect(done.context.hwbb).toEqual({
      outcome: 'noted',
      meetingDate: '2021-09-01',
      minuteReference: 'HWBB 1 Sep 2021, item 7',
    });
    expect(done.context.submission).toEqual({ submittedOn: '2021-09-09', reference: null });
  });

  it('moves the JCB date on deferral, clears its overdue flag and keeps the deferral', () => {
    const [late] = send(reach('jcbSignOff'), E['DEADLINE_PASSED jcb']);
    expect(late.context.overdue.jcb).toBe(true);
    const [deferred] = send(late, E['RECORD_JCB_DEFERRAL to a later meeting']);
    expect(deferred.context.dates.jcbMeetingDate).toBe('2021-09-16');
    expect(deferred.context.overdue.jcb).toBe(false);
    expect(deferred.context.deferrals).toEqual([
      {
        meetingDate: '2021-08-19',
        minuteReference: 'JCB 19 Aug 2021, item 6',
        reasons: 'No consensus on the discharge metric',
      },
    ]);
  });
});

describe('BCF quarterly performance report: generated paths', () => {
  const events = Object.values(E) as QuarterlyEvent[];
  /** The state plus what the guards read (the JCB date a deferral must move past). */
  const serializeState = (s: Snapshot) =>
    `${stateKey(s.value)} | ${s.context.dates.jcbMeetingDate}`;
  const isDone = (s: Snapshot) => s.status === 'done';
  const canFinish = (from: Snapshot) =>
    getShortestPaths(machine, { fromState: from, events, serializeState, toState: isDone }).length >
    0;

  it('can still submit the report from every state reachable on a simple path: no deadlock', () => {
    const simple = getSimplePaths(machine, { input, events, serializeState });
    expect(simple.length).toBeGreaterThan(8);
    const stuck = simple.filter((p) => !canFinish(p.state));
    expect(stuck.map((p) => p.steps.map((s) => s.event.type).join(' → '))).toEqual([]);
  });

  it('submits only after preparation, JCB sign-off and the HWBB, in that order', () => {
    const submitted = getSimplePaths(machine, { input, events, serializeState, toState: isDone });
    expect(submitted.length).toBeGreaterThan(1);
    for (const p of submitted) {
      const steps = p.steps
        .map((s) => s.event.type)
        .filter((t) => t !== 'RECORD_JCB_DEFERRAL' && t.startsWith('RECORD_'));
      expect(steps.slice(-4)).toEqual([
        'RECORD_PREPARED',
        'RECORD_JCB_SIGN_OFF',
        'RECORD_HWBB_OUTCOME',
        'RECORD_SUBMISSION',
      ]);
    }
  });
});
