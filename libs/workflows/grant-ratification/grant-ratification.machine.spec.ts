import { initialTransition, type SnapshotFrom } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import { engineEffects as effects, stateEventTable } from '../../testing/state-event-table.service';
import {
  grantRatificationMachine as machine,
  type GrantEvent,
  type GrantInput,
} from './grant-ratification.machine';

/**
 * The grant-ratification statechart, checked purely: every state it can rest in against every
 * event it knows, its effects and context, then generated paths (every state node reachable, the
 * case can always still be closed).
 */

type Snapshot = SnapshotFrom<typeof machine>;

/** The seed's dates (002 item 9): Cabinet 18 July, Full Council 19 July, HWBB 26 July 2017. */
const input: GrantInput = {
  dates: {
    cabinetMeetingDate: '2017-07-18',
    councilMeetingDate: '2017-07-19',
    ratificationDeadline: '2017-07-26',
  },
};

const E = {
  'RECORD_AGREEMENT_IN_PRINCIPLE integrationBoard': {
    type: 'RECORD_AGREEMENT_IN_PRINCIPLE',
    body: 'integrationBoard',
    meetingDate: '2017-06-13',
    minuteReference: 'Integration Board 13 Jun 2017, item 4',
  },
  'RECORD_AGREEMENT_IN_PRINCIPLE commissioningPartnershipBoard': {
    type: 'RECORD_AGREEMENT_IN_PRINCIPLE',
    body: 'commissioningPartnershipBoard',
    meetingDate: '2017-06-20',
    minuteReference: 'CPB 20 Jun 2017, item 5',
  },
  'RECORD_CABINET_DECISION approved': {
    type: 'RECORD_CABINET_DECISION',
    decision: 'approved',
    meetingDate: '2017-07-18',
    minuteReference: 'Cabinet 18 Jul 2017, minute 12',
  },
  'RECORD_CABINET_DECISION notApproved': {
    type: 'RECORD_CABINET_DECISION',
    decision: 'notApproved',
    meetingDate: '2017-07-18',
    minuteReference: 'Cabinet 18 Jul 2017, minute 12',
    reasons: 'The schemes exceed the grant conditions',
  },
  'RECORD_COUNCIL_DECISION approved': {
    type: 'RECORD_COUNCIL_DECISION',
    decision: 'approved',
    meetingDate: '2017-07-19',
    minuteReference: 'Council 19 Jul 2017, minute 20',
  },
  'RECORD_COUNCIL_DECISION notApproved': {
    type: 'RECORD_COUNCIL_DECISION',
    decision: 'notApproved',
    meetingDate: '2017-07-19',
    minuteReference: 'Council 19 Jul 2017, minute 20',
    reasons: 'Referred back to Cabinet',
  },
  'RECORD_RATIFICATION ratified': {
    type: 'RECORD_RATIFICATION',
    decision: 'ratified',
    meetingDate: '2017-07-26',
    minuteReference: 'HWBB 26 Jul 2017, minute 9',
  },
  'RECORD_RATIFICATION notRatified': {
    type: 'RECORD_RATIFICATION',
    decision: 'notRatified',
    meetingDate: '2017-07-26',
    minuteReference: 'HWBB 26 Jul 2017, minute 9',
    reasons: 'The Board asked for the NHS impact first',
  },
  'DEADLINE_PASSED cabinet': { type: 'DEADLINE_PASSED', key: 'cabinet' },
  'DEADLINE_PASSED council': { type: 'DEADLINE_PASSED', key: 'council' },
  'DEADLINE_PASSED ratification': { type: 'DEADLINE_PASSED', key: 'ratification' },
  'REMINDER_DUE cabinet': { type: 'REMINDER_DUE', key: 'cabinet', workingDaysLeft: 5 },
  'REMINDER_DUE council': { type: 'REMINDER_DUE', key: 'council', workingDaysLeft: 5 },
  'REMINDER_DUE ratification': { type: 'REMINDER_DUE', key: 'ratification', workingDaysLeft: 5 },
} satisfies Record<string, GrantEvent>;
type EventName = keyof typeof E;

const IB = 'RECORD_AGREEMENT_IN_PRINCIPLE integrationBoard';
const CPB = 'RECORD_AGREEMENT_IN_PRINCIPLE commissioningPartnershipBoard';
const STATES = {
  'inPrinciple (both awaited)': {
    key: 'open.inPrinciple.integrationBoard.awaiting;open.inPrinciple.commissioningPartnershipBoard.awaiting',
    via: [],
  },
  'inPrinciple (Integration Board agreed)': {
    key: 'open.inPrinciple.integrationBoard.agreed;open.inPrinciple.commissioningPartnershipBoard.awaiting',
    via: [IB],
  },
  'inPrinciple (CPB agreed)': {
    key: 'open.inPrinciple.integrationBoard.awaiting;open.inPrinciple.commissioningPartnershipBoard.agreed',
    via: [CPB],
  },
  cabinet: { key: 'open.cabinet', via: [IB, CPB] },
  fullCouncil: { key: 'open.fullCouncil', via: [CPB, IB, 'RECORD_CABINET_DECISION approved'] },
  hwbbRatification: {
    key: 'open.hwbbRatification',
    via: [IB, CPB, 'RECORD_CABINET_DECISION approved', 'RECORD_COUNCIL_DECISION approved'],
  },
  closed: {
    key: 'closed',
    via: [
      IB,
      CPB,
      'RECORD_CABINET_DECISION approved',
      'RECORD_COUNCIL_DECISION approved',
      'RECORD_RATIFICATION ratified',
    ],
  },
} satisfies Record<string, { key: string; via: EventName[] }>;
type StateName = keyof typeof STATES;

const ARMS = [
  'arm cabinet 2017-07-18, reminders 5',
  'arm council 2017-07-19, reminders 5',
  'arm ratification 2017-07-26, reminders 5',
];
const CLOSE = [
  'cancel cabinet',
  'cancel council',
  'cancel ratification',
  'notify grant-decided → officer, reportOwner',
];
const overdue = (key: string) => `notify ${key}-overdue → officer, reportOwner`;
const reminder = (key: string) => `notify ${key}-reminder → officer (5 working days)`;

type Cell = { to: StateName; effects: string[] };
const go = (to: StateName, ...effects: string[]): Cell => ({ to, effects });

/** The timers a state still watches: reminders and escalations of the dates still to come. */
const timers = (state: StateName, ...keys: ('cabinet' | 'council' | 'ratification')[]) =>
  Object.fromEntries(
    keys.flatMap((k) => [
      [`DEADLINE_PASSED ${k}`, go(state, overdue(k))],
      [`REMINDER_DUE ${k}`, go(state, reminder(k))],
    ]),
  ) as Partial<Record<EventName, Cell>>;

/** What each state accepts; every other event is refused. */
const TABLE: Record<StateName, Partial<Record<EventName, Cell>>> = {
  'inPrinciple (both awaited)': {
    [IB]: go('inPrinciple (Integration Board agreed)'),
    [CPB]: go('inPrinciple (CPB agreed)'),
    ...timers('inPrinciple (both awaited)', 'cabinet', 'council', 'ratification'),
  },
  'inPrinciple (Integration Board agreed)': {
    [CPB]: go('cabinet'),
    ...timers('inPrinciple (Integration Board agreed)', 'cabinet', 'council', 'ratification'),
  },
  'inPrinciple (CPB agreed)': {
    [IB]: go('cabinet'),
    ...timers('inPrinciple (CPB agreed)', 'cabinet', 'council', 'ratification'),
  },
  cabinet: {
    'RECORD_CABINET_DECISION approved': go('fullCouncil', 'cancel cabinet'),
    'RECORD_CABINET_DECISION notApproved': go('closed', ...CLOSE),
    ...timers('cabinet', 'cabinet', 'council', 'ratification'),
  },
  fullCouncil: {
    'RECORD_COUNCIL_DECISION approved': go(
      'hwbbRatification',
      'cancel council',
      'notify ratification-required → officer',
    ),
    'RECORD_COUNCIL_DECISION notApproved': go('closed', ...CLOSE),
    ...timers('fullCouncil', 'council', 'ratification'),
  },
  hwbbRatification: {
    'RECORD_RATIFICATION ratified': go('closed', ...CLOSE),
    'RECORD_RATIFICATION notRatified': go('closed', ...CLOSE),
    ...timers('hwbbRatification', 'ratification'),
  },
  closed: {},
};

const table = stateEventTable({
  name: 'grant ratification',
  machine,
  input,
  events: E,
  states: STATES,
  table: TABLE,
  final: ['closed'],
});
const { send, reach } = table;
table.describeEveryStateAndEvent();

describe('grant ratification: effects and context', () => {
  it('opens awaiting both officer boards, arming the Cabinet, Full Council and ratification dates', () => {
    const [s, actions] = initialTransition(machine, input);
    expect(effects(actions)).toEqual(ARMS);
    expect(s.context).toEqual({
      dates: input.dates,
      inPrinciple: { integrationBoard: null, commissioningPartnershipBoard: null },
      cabinet: null,
      council: null,
      ratification: null,
      outcome: null,
      overdue: { cabinet: false, council: false, ratification: false },
    });
  });

  it('records every decision with its meeting date and minute reference, ending ratified', () => {
    const closed = reach('closed');
    expect(closed.context.inPrinciple).toEqual({
      integrationBoard: {
        meetingDate: '2017-06-13',
        minuteReference: 'Integration Board 13 Jun 2017, item 4',
        reasons: null,
      },
      commissioningPartnershipBoard: {
        meetingDate: '2017-06-20',
        minuteReference: 'CPB 20 Jun 2017, item 5',
        reasons: null,
      },
    });
    expect(closed.context.cabinet?.minuteReference).toBe('Cabinet 18 Jul 2017, minute 12');
    expect(closed.context.council?.minuteReference).toBe('Council 19 Jul 2017, minute 20');
    expect(closed.context.ratification?.minuteReference).toBe('HWBB 26 Jul 2017, minute 9');
    expect(closed.context.outcome).toBe('ratified');
  });

  it.each([
    ['cabinet', 'RECORD_CABINET_DECISION notApproved', 'notApprovedByCabinet'],
    ['fullCouncil', 'RECORD_COUNCIL_DECISION notApproved', 'notApprovedByCouncil'],
    ['hwbbRatification', 'RECORD_RATIFICATION notRatified', 'notRatified'],
  ] as const)('closes from %s on %s with outcome %s and its reasons', (state, event, outcome) => {
    const [closed] = send(reach(state), E[event]);
    expect(closed.status).toBe('done');
    expect(closed.context.outcome).toBe(outcome);
    const d = closed.context.ratification ?? closed.context.council ?? closed.context.cabinet;
    expect(d?.reasons).toBe((E[event] as { reasons: string }).reasons);
  });

  it('marks each passed date overdue, separately', () => {
    const [late] = send(reach('fullCouncil'), E['DEADLINE_PASSED council']);
    expect(late.context.overdue).toEqual({ cabinet: false, council: true, ratification: false });
  });
});

describe('grant ratification: generated paths', () => {
  const events = Object.values(E) as GrantEvent[];
  const serializeState = (s: Snapshot) => stateKey(s.value);
  const isDone = (s: Snapshot) => s.status === 'done';
  const canFinish = (from: Snapshot) =>
    getShortestPaths(machine, { fromState: from, events, serializeState, toState: isDone }).length >
    0;

  it('can still close the case from every state reachable on a simple path: no deadlock', () => {
    const simple = getSimplePaths(machine, { input, events, serializeState });
    expect(simple.length).toBeGreaterThan(10);
    const stuck = simple.filter((p) => !canFinish(p.state));
    expect(stuck.map((p) => p.steps.map((s) => s.event.type).join(' → '))).toEqual([]);
  });

  it('ratifies only after both officer boards, Cabinet and Full Council, in that order', () => {
    const ratified = getSimplePaths(machine, {
      input,
      events,
      serializeState,
      toState: (s) => s.context.outcome === 'ratified',
    });
    expect(ratified.length).toBe(2); // the two officer boards in either order
    for (const p of ratified) {
      const decisions = p.steps
        .map((s) => s.event.type)
        .filter((t) => t.startsWith('RECORD_'))
        .slice(2);
      expect(decisions).toEqual([
        'RECORD_CABINET_DECISION',
        'RECORD_COUNCIL_DECISION',
        'RECORD_RATIFICATION',
      ]);
    }
  });
});
