import { initialTransition, type SnapshotFrom } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import { engineEffects as effects, stateEventTable } from '../../testing/state-event-table.service';
import {
  bcfBoardSignOffMachine as machine,
  type BoardEvent,
  type BoardInput,
} from './bcf-board-sign-off.machine';

/**
 * The BCF full-board sign-off statechart, checked purely: every state it can rest in against every
 * event it knows, its effects and context, then generated paths (every state node reachable, the
 * case can always still be closed).
 */

type Snapshot = SnapshotFrom<typeof machine>;

/** The seed's national deadline (002 item 8): 11 September 2017; assurance expected 31 October. */
const input: BoardInput = {
  dates: { nationalDeadline: '2017-09-11', expectedAssuranceDate: '2017-10-31' },
};

const E = {
  RECORD_ARRANGEMENTS: {
    type: 'RECORD_ARRANGEMENTS',
    meetingDate: '2017-07-26',
    minuteReference: 'HWBB 26 Jul 2017, minute 8',
    arrangements:
      'Final version to the HWBB on 6 September; Cabinet and the CCG Governing Body to approve',
  },
  RECORD_HWBB_APPROVAL: {
    type: 'RECORD_HWBB_APPROVAL',
    meetingDate: '2017-09-06',
    minuteReference: 'HWBB 6 Sep 2017, minute 3',
  },
  RECORD_HWBB_REJECTION: {
    type: 'RECORD_HWBB_REJECTION',
    meetingDate: '2017-09-06',
    minuteReference: 'HWBB 6 Sep 2017, minute 3',
    reasons: 'The DToC metric is not agreed',
  },
  'APPROVE as chiefExecutive': { type: 'APPROVE', role: 'chiefExecutive' },
  'APPROVE as accountableOfficer': { type: 'APPROVE', role: 'accountableOfficer' },
  'REJECT as chiefExecutive': {
    type: 'REJECT',
    role: 'chiefExecutive',
    reasons: 'The iBCF schemes are missing',
  },
  'REJECT as accountableOfficer': {
    type: 'REJECT',
    role: 'accountableOfficer',
    reasons: 'The CCG minimum contribution is wrong',
  },
  SEEK_APPROVAL: { type: 'SEEK_APPROVAL' },
  RECORD_SUBMISSION: { type: 'RECORD_SUBMISSION', submittedOn: '2017-09-08' },
  'RECORD_ASSURANCE approved': {
    type: 'RECORD_ASSURANCE',
    outcome: 'approved',
    receivedOn: '2017-10-30',
  },
  'RECORD_ASSURANCE approvedWithConditions': {
    type: 'RECORD_ASSURANCE',
    outcome: 'approvedWithConditions',
    receivedOn: '2017-10-30',
    conditions: ['Confirm the DFG allocation', 'Publish the narrative plan'],
  },
  'RECORD_ASSURANCE notApproved': {
    type: 'RECORD_ASSURANCE',
    outcome: 'notApproved',
    receivedOn: '2017-10-30',
    reasons: 'The metrics are not evidenced',
    resubmitBy: '2017-11-30',
  },
  'MARK_CONDITION_MET R1-C1': {
    type: 'MARK_CONDITION_MET',
    conditionId: 'R1-C1',
    metOn: '2017-11-06',
  },
  'MARK_CONDITION_MET of an unknown condition': {
    type: 'MARK_CONDITION_MET',
    conditionId: 'R1-C9',
    metOn: '2017-11-06',
  },
  'DEADLINE_PASSED submission': { type: 'DEADLINE_PASSED', key: 'submission' },
  'DEADLINE_PASSED assurance': { type: 'DEADLINE_PASSED', key: 'assurance' },
  'REMINDER_DUE submission': { type: 'REMINDER_DUE', key: 'submission', workingDaysLeft: 5 },
  'REMINDER_DUE assurance': { type: 'REMINDER_DUE', key: 'assurance', workingDaysLeft: 5 },
} satisfies Record<string, BoardEvent>;
type EventName = keyof typeof E;

/** The approval step's three regions, each awaited (false) or approved (true). */
type Combo = [hwbb: boolean, localAuthority: boolean, ccg: boolean];
const REGIONS = ['hwbb', 'localAuthority', 'ccg'] as const;
const BY: EventName[] = [
  'RECORD_HWBB_APPROVAL',
  'APPROVE as chiefExecutive',
  'APPROVE as accountableOfficer',
];
const REJECTS: EventName[] = [
  'RECORD_HWBB_REJECTION',
  'REJECT as chiefExecutive',
  'REJECT as accountableOfficer',
];
const REMINDED = ['officer', 'chiefExecutive', 'accountableOfficer'];
const COMBOS: Combo[] = [
  [false, false, false],
  [true, false, false],
  [false, true, false],
  [false, false, true],
  [true, true, false],
  [true, false, true],
  [false, true, true],
];
const comboName = (c: Combo) =>
  `approval (${c.every((x) => !x) ? 'none given' : REGIONS.filter((_, i) => c[i]).join(', ') + ' given'})`;
const comboKey = (c: Combo) =>
  REGIONS.map((r, i) => `preSubmission.approval.${r}.${c[i] ? 'approved' : 'awaiting'}`).join(';');

const TO_APPROVAL: EventName[] = ['RECORD_ARRANGEMENTS'];
const TO_READY: EventName[] = [...TO_APPROVAL, ...BY];
const TO_ASSURANCE: EventName[] = [...TO_READY, 'RECORD_SUBMISSION'];

const STATES: Record<string, { key: string; via: EventName[] }> = {
  consideration: { key: 'preSubmission.consideration', via: [] },
  ...Object.fromEntries(
    COMBOS.map((c) => [
      comboName(c),
      { key: comboKey(c), via: [...TO_APPROVAL, ...BY.filter((_, i) => c[i])] },
    ]),
  ),
  revising: { key: 'preSubmission.revising', via: [...TO_APPROVAL, 'REJECT as chiefExecutive'] },
  readyToSubmit: { key: 'preSubmission.readyToSubmit', via: TO_READY },
  awaitingAssurance: { key: 'postSubmission.awaitingAssurance', via: TO_ASSURANCE },
  conditionsOpen: {
    key: 'postSubmission.conditionsOpen',
    via: [...TO_ASSURANCE, 'RECORD_ASSURANCE approvedWithConditions'],
  },
  closed: { key: 'closed', via: [...TO_ASSURANCE, 'RECORD_ASSURANCE approved'] },
};
type StateName = string;

const APPROVAL_REQUESTED = 'notify plan-approval-requested → chiefExecutive, accountableOfficer';
const READY = 'notify plan-ready-to-submit → officer';
const RETURNED = 'notify plan-returned → officer, chiefExecutive, accountableOfficer';
const SUBMISSION_OVERDUE =
  'notify submission-overdue → officer, chiefExecutive, accountableOfficer';
const ASSURANCE_OVERDUE = 'notify assurance-overdue → officer';
const ASSURED = 'notify plan-assured → officer, chiefExecutive, accountableOfficer';
const NOT_APPROVED = 'notify plan-not-approved → officer, chiefExecutive, accountableOfficer';
const reminder = (to: string) => `notify submission-reminder → ${to} (5 working days)`;

type Cell = { to: StateName; effects: string[] };
const go = (to: StateName, ...effects: string[]): Cell => ({ to, effects });

/** Before submission the national deadline is watched: escalation, and reminders to whoever is awaited. */
const watched = (state: StateName, ...remind: string[]) => ({
  'DEADLINE_PASSED submission': go(state, SUBMISSION_OVERDUE),
  'REMINDER_DUE submission': go(state, ...remind.map(reminder)),
});

function approvalRow(c: Combo): Partial<Record<EventName, Cell>> {
  const row: Partial<Record<EventName, Cell>> = {
    ...watched(comboName(c), ...REMINDED.filter((_, i) => !c[i])),
  };
  REGIONS.forEach((_, i) => {
    if (c[i]) return;
    const next = c.map((x, j) => x || j === i) as Combo;
    row[BY[i]] = next.every(Boolean) ? go('readyToSubmit', READY) : go(comboName(next));
    row[REJECTS[i]] = go('revising', RETURNED);
  });
  return row;
}

/** What each state accepts; every other event is refused. */
const TABLE: Record<StateName, Partial<Record<EventName, Cell>>> = {
  consideration: {
    RECORD_ARRANGEMENTS: go(comboName([false, false, false]), APPROVAL_REQUESTED),
    ...watched('consideration', 'officer'),
  },
  ...Object.fromEntries(COMBOS.map((c) => [comboName(c), approvalRow(c)])),
  revising: {
    SEEK_APPROVAL: go(comboName([false, false, false]), APPROVAL_REQUESTED),
    ...watched('revising', 'officer'),
  },
  readyToSubmit: {
    RECORD_SUBMISSION: go(
      'awaitingAssurance',
      'cancel submission',
      'arm assurance 2017-10-31, reminders none',
    ),
    ...watched('readyToSubmit', 'officer'),
  },
  awaitingAssurance: {
    'RECORD_ASSURANCE approved': go('closed', 'cancel assurance', ASSURED),
    'RECORD_ASSURANCE approvedWithConditions': go('conditionsOpen', 'cancel assurance'),
    'RECORD_ASSURANCE notApproved': go(
      'revising',
      'cancel assurance',
      NOT_APPROVED,
      'arm submission 2017-11-30, reminders 5,2',
    ),
    'DEADLINE_PASSED assurance': go('awaitingAssurance', ASSURANCE_OVERDUE),
  },
  conditionsOpen: { 'MARK_CONDITION_MET R1-C1': go('conditionsOpen') },
  closed: {},
};

const table = stateEventTable({
  name: 'BCF full-board sign-off',
  machine,
  input,
  events: E,
  states: STATES,
  table: TABLE,
  final: ['closed'],
});
const { send, run, reach } = table;
table.describeEveryStateAndEvent();

describe('BCF full-board sign-off: effects and context', () => {
  it('opens awaiting the HWBB’s consideration, arming the national deadline with reminders 5 and 2 working days before', () => {
    const [s, actions] = initialTransition(machine, input);
    expect(stateKey(s.value)).toBe('preSubmission.consideration');
    expect(effects(actions)).toEqual(['arm submission 2017-09-11, reminders 5,2']);
  });

  it('records the arrangements the HWBB agreed and the HWBB’s approval with its minute', () => {
    const ready = reach('readyToSubmit');
    expect(ready.context.arrangements).toEqual({
      meetingDate: '2017-07-26',
      minuteReference: 'HWBB 26 Jul 2017, minute 8',
      arrangements: E.RECORD_ARRANGEMENTS.arrangements,
    });
    expect(ready.context.approvals.hwbb).toEqual({
      on: '2017-09-06',
      reference: 'HWBB 6 Sep 2017, minute 3',
    });
    expect(ready.context.approvals.localAuthority).not.toBeNull();
    expect(ready.context.approvals.ccg).not.toBeNull();
  });

  it('accepts the three approvals in any order', () => {
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    for (const order of orders) {
      const s = run([E.RECORD_ARRANGEMENTS, ...order.map((i) => E[BY[i]])]);
      expect(stateKey(s.value)).toBe('preSubmission.readyToSubmit');
    }
  });

  it('clears earlier approvals when a rejection sends the plan back, so all three are sought again', () => {
    const [revising] = send(
      reach(comboName([true, true, false])),
      E['REJECT as accountableOfficer'],
    );
    expect(revising.context.lastRejection).toEqual({
      by: 'ccg',
      reasons: 'The CCG minimum contribution is wrong',
    });
    const [again] = send(revising, E.SEEK_APPROVAL);
    expect(stateKey(again.value)).toBe(comboKey([false, false, false]));
    expect(again.context.approvals).toEqual({ hwbb: null, localAuthority: null, ccg: null });
    expect(again.context.lastRejection).toBeNull();
  });

  it('returns a not-assured plan for revision in round 2 with the new resubmission date', () => {
    const [revising] = send(reach('awaitingAssurance'), E['RECORD_ASSURANCE notApproved']);
    expect(revising.context.round).toBe(2);
    expect(revising.context.dates.nationalDeadline).toBe('2017-11-30');
    expect(revising.context.submission).toBeNull();
  });

  it('closes only when every assurance condition is met', () => {
    const [oneMet] = send(reach('conditionsOpen'), E['MARK_CONDITION_MET R1-C1']);
    expect(oneMet.status).toBe('active');
    expect(oneMet.can(E['MARK_CONDITION_MET R1-C1'])).toBe(false);
    const [closed, fx] = send(oneMet, {
      type: 'MARK_CONDITION_MET',
      conditionId: 'R1-C2',
      metOn: '2017-11-10',
    });
    expect(stateKey(closed.value)).toBe('closed');
    expect(fx).toEqual([ASSURED]);
  });
});

describe('BCF full-board sign-off: generated paths', () => {
  const fixed = Object.values(E).filter((e) => e.type !== 'MARK_CONDITION_MET') as BoardEvent[];
  const events = (s: Snapshot): BoardEvent[] => [
    ...fixed,
    ...s.context.conditions.map((c): BoardEvent => ({
      type: 'MARK_CONDITION_MET',
      conditionId: c.id,
      metOn: '2017-11-06',
    })),
  ];
  /** The state plus what the guards read: the round (capped: later rounds look alike) and conditions met. */
  const serializeState = (s: Snapshot) =>
    [
      stateKey(s.value),
      `round ${Math.min(s.context.round, 2)}`,
      s.context.conditions.map((c) => `${c.id}${c.metOn ? ' met' : ''}`).join(','),
    ].join(' | ');
  const isDone = (s: Snapshot) => s.status === 'done';
  const memo = new Map<string, boolean>();
  const canFinish = (from: Snapshot) => {
    const k = serializeState(from);
    if (!memo.has(k))
      memo.set(
        k,
        getShortestPaths(machine, { fromState: from, events, serializeState, toState: isDone })
          .length > 0,
      );
    return memo.get(k);
  };

  it('can still close the case from every state reachable on a simple path: no deadlock', () => {
    const simple = getSimplePaths(machine, { input, events, serializeState });
    expect(simple.length).toBeGreaterThan(50);
    const stuck = simple.filter((p) => !canFinish(p.state));
    expect(stuck.map((p) => p.steps.map((s) => s.event.type).join(' → '))).toEqual([]);
  });

  it('never submits without all three approvals since the last rejection', () => {
    const simple = getSimplePaths(machine, { input, events, serializeState });
    for (const p of simple) {
      const types = p.steps.map((s) => s.event.type);
      types.forEach((t, i) => {
        if (t !== 'RECORD_SUBMISSION') return;
        const since = types.slice(0, i);
        const lastReset = Math.max(
          since.lastIndexOf('RECORD_ARRANGEMENTS'),
          since.lastIndexOf('SEEK_APPROVAL'),
        );
        const approvals = since
          .slice(lastReset)
          .filter((x) => x === 'APPROVE' || x === 'RECORD_HWBB_APPROVAL');
        expect(approvals).toHaveLength(3);
      });
    }
  });
});
