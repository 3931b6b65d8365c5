import { initialTransition, transition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import {
  addCalendarDays,
  pharmacyConsolidationMachine as machine,
  type PharmacyEvent,
} from './pharmacy-consolidation-representation.machine';
import {
  E,
  type EventName,
  input,
  serializeState,
  type Snapshot,
} from './pharmacy-consolidation-representation.events';

/**
 * The pharmacy consolidation statechart, checked purely: every state it can rest in against every
 * event it knows, and its effects and context (its generated paths are in
 * pharmacy-consolidation-representation.paths.spec.ts).
 */

const NC = 'TRIAGE nonContentious';
const C = 'TRIAGE contentious';
const CHAIR = 'RECORD_CONSULTATION_RESPONSE hwbbChair';
const WARD = 'RECORD_CONSULTATION_RESPONSE wardMember';

const K = {
  triage: 'open.triage',
  nonContentious: 'open.nonContentious',
  circulating: 'open.contentious.circulating',
  feedback: 'open.contentious.feedback',
  meeting: 'open.contentious.meeting',
  decided: 'open.decided',
  closed: 'closed',
} as const;
type Key = (typeof K)[keyof typeof K];

/** The states the table checks: each a state key with the context that matters to its guards. */
const STATES = {
  triage: { key: K.triage, via: [] },
  'triage (EIA attached)': { key: K.triage, via: ['RECORD_EIA'] },
  'nonContentious (nobody consulted)': { key: K.nonContentious, via: [NC, 'RECORD_EIA'] },
  'nonContentious (chair and ward consulted, no EIA)': {
    key: K.nonContentious,
    via: [NC, CHAIR, WARD],
  },
  'nonContentious (EIA, chair only)': { key: K.nonContentious, via: [NC, 'RECORD_EIA', CHAIR] },
  'nonContentious (ready)': { key: K.nonContentious, via: [NC, CHAIR, WARD, 'RECORD_EIA'] },
  circulating: { key: K.circulating, via: [C] },
  'feedback (EIA, no response)': { key: K.feedback, via: [C, 'RECORD_EIA', 'CIRCULATE'] },
  'feedback (response, no EIA)': { key: K.feedback, via: [C, 'CIRCULATE', WARD] },
  'feedback (ready)': { key: K.feedback, via: [C, 'CIRCULATE', WARD, 'RECORD_EIA'] },
  'meeting (EIA, not met)': {
    key: K.meeting,
    via: [C, 'RECORD_EIA', 'CIRCULATE', 'CALL_MEETING'],
  },
  'meeting (met, no EIA)': {
    key: K.meeting,
    via: [C, 'CIRCULATE', 'CALL_MEETING', 'RECORD_MEETING'],
  },
  'meeting (ready)': {
    key: K.meeting,
    via: [C, 'CIRCULATE', 'CALL_MEETING', 'RECORD_MEETING', 'RECORD_EIA'],
  },
  decided: { key: K.decided, via: [NC, CHAIR, WARD, 'RECORD_EIA', 'RECORD_DECISION'] },
  closed: {
    key: K.closed,
    via: [NC, CHAIR, WARD, 'RECORD_EIA', 'RECORD_DECISION', 'RECORD_RESPONSE_SENT'],
  },
} satisfies Record<string, { key: Key; via: EventName[] }>;
type StateName = keyof typeof STATES;

const OPENED = [
  'notify consolidation-notified → dph, hwbbChair, scrutinyChair',
  'arm response 2017-09-15, reminders 10,5',
];
const DECIDED = 'notify response-to-send → officer';
const CLOSE = ['cancel response', 'notify response-sent → dph, hwbbChair, scrutinyChair'];

type Cell = { to: Key; effects: string[] };
const go = (to: Key, ...effects: string[]): Cell => ({ to, effects });

/** The timers a state watches: each reminder and escalation of the deadlines still armed there. */
const timers = (at: Key, ...keys: ('response' | 'circulation' | 'feedback')[]) => {
  const reminderTo = { response: 'officer, dph', circulation: 'dph', feedback: 'officer, dph' };
  const left = { response: 10, circulation: 3, feedback: 3 };
  return Object.fromEntries(
    keys.flatMap((k) => [
      [`DEADLINE_PASSED ${k}`, go(at, `notify ${k}-overdue → officer, dph`)],
      [
        `REMINDER_DUE ${k}`,
        go(at, `notify ${k}-reminder → ${reminderTo[k]} (${left[k]} working days)`),
      ],
    ]),
  ) as Partial<Record<EventName, Cell>>;
};
const recording = (at: Key, ...events: EventName[]) =>
  Object.fromEntries(events.map((e) => [e, go(at)])) as Partial<Record<EventName, Cell>>;

const TRIAGE_CELLS = {
  [NC]: go(K.nonContentious, 'notify consultation-required → dph'),
  [C]: go(
    K.circulating,
    'notify circulation-required → dph',
    'arm circulation 2017-08-15, reminders 3',
  ),
  ...recording(K.triage, 'RECORD_EIA'),
  ...timers(K.triage, 'response'),
};
const NON_CONTENTIOUS = {
  ...recording(K.nonContentious, 'RECORD_EIA', CHAIR, WARD),
  ...timers(K.nonContentious, 'response'),
};
const FEEDBACK = {
  ...recording(K.feedback, 'RECORD_EIA', CHAIR, WARD),
  CALL_MEETING: go(K.meeting, 'cancel feedback', 'notify meeting-to-arrange → officer'),
  ...timers(K.feedback, 'response', 'feedback'),
};
const MEETING = {
  ...recording(K.meeting, 'RECORD_EIA', CHAIR, WARD, 'RECORD_MEETING'),
  ...timers(K.meeting, 'response'),
};
const DECIDE_CONTENTIOUS = go(K.decided, 'cancel feedback', DECIDED);

/** What each state accepts; every other event is refused. */
const TABLE: Record<StateName, Partial<Record<EventName, Cell>>> = {
  triage: TRIAGE_CELLS,
  'triage (EIA attached)': TRIAGE_CELLS,
  'nonContentious (nobody consulted)': NON_CONTENTIOUS,
  'nonContentious (chair and ward consulted, no EIA)': NON_CONTENTIOUS,
  'nonContentious (EIA, chair only)': NON_CONTENTIOUS,
  'nonContentious (ready)': { ...NON_CONTENTIOUS, RECORD_DECISION: go(K.decided, DECIDED) },
  circulating: {
    ...recording(K.circulating, 'RECORD_EIA'),
    CIRCULATE: go(K.feedback, 'cancel circulation', 'arm feedback 2017-08-24, reminders 3'),
    ...timers(K.circulating, 'response', 'circulation'),
  },
  'feedback (EIA, no response)': FEEDBACK,
  'feedback (response, no EIA)': FEEDBACK,
  'feedback (ready)': { ...FEEDBACK, RECORD_DECISION: DECIDE_CONTENTIOUS },
  'meeting (EIA, not met)': MEETING,
  'meeting (met, no EIA)': MEETING,
  'meeting (ready)': { ...MEETING, RECORD_DECISION: DECIDE_CONTENTIOUS },
  decided: {
    RECORD_RESPONSE_SENT: go(K.closed, ...CLOSE),
    ...timers(K.decided, 'response'),
  },
  closed: {},
};

interface Action {
  type: string;
  params?: unknown;
}

/** The engine-visible effects in the order declared. */
function effects(actions: readonly Action[]): string[] {
  return actions.flatMap((a) => {
    const p = a.params as Record<string, unknown>;
    switch (a.type) {
      case 'notify': {
        const left = p.workingDaysLeft === undefined ? '' : ` (${p.workingDaysLeft} working days)`;
        return [`notify ${p.message} → ${(p.to as string[]).join(', ')}${left}`];
      }
      case 'armDeadline':
        return [
          `arm ${p.key} ${p.date}, reminders ${(p.remindWorkingDaysBefore as number[]).join(',')}`,
        ];
      case 'cancelDeadline':
        return [`cancel ${p.key}`];
      default:
        return [];
    }
  });
}

function send(s: Snapshot, event: PharmacyEvent): [Snapshot, string[]] {
  if (!s.can(event)) throw new Error(`${event.type} refused in ${stateKey(s.value)}`);
  const [next, actions] = transition(machine, s, event);
  return [next, effects(actions)];
}

const start = () => initialTransition(machine, input)[0];
const run = (events: readonly PharmacyEvent[], from = start()) =>
  events.reduce<Snapshot>((s, e) => send(s, e)[0], from);
const reach = (state: StateName): Snapshot =>
  run((STATES[state].via as readonly EventName[]).map((n) => E[n]));

const cells = (Object.keys(STATES) as StateName[]).flatMap((state) =>
  (Object.keys(E) as EventName[]).map((event) => {
    const cell = TABLE[state][event] ?? null;
    return { state, event, cell, outcome: cell ? `accepted → ${cell.to}` : 'refused' };
  }),
);

describe('pharmacy consolidation: every state × every event', () => {
  it('lists every state the machine can rest in, and every event it handles', () => {
    const keys = new Set(
      getShortestPaths(machine, {
        input,
        events: Object.values(E),
        serializeState,
      }).map((p) => stateKey(p.state.value)),
    );
    expect([...keys].sort()).toEqual(Object.values(K).sort());
    const handled = machine.root.events.filter((t) => !t.startsWith('xstate.'));
    expect([...new Set(Object.values(E).map((e) => e.type))].sort()).toEqual(
      [...new Set(handled)].sort(),
    );
  });

  it.each(cells)('in $state, $event is $outcome', ({ state, event, cell }) => {
    const before = reach(state);
    expect(stateKey(before.value)).toBe(STATES[state].key);
    const ev: PharmacyEvent = E[event];
    const [after, actions] = transition(machine, before, ev);
    if (!cell) {
      expect(before.can(ev)).toBe(false);
      expect(after).toBe(before);
      expect(actions).toEqual([]);
    } else {
      expect(before.can(ev)).toBe(true);
      expect(stateKey(after.value)).toBe(cell.to);
      expect(effects(actions)).toEqual(cell.effects);
      expect(after.status).toBe(cell.to === 'closed' ? 'done' : 'active');
    }
  });
});

describe('pharmacy consolidation: effects and context', () => {
  it('opens in triage, telling the DPH, the HWBB chair and the scrutiny panel chair, and arms the 45-day response', () => {
    const [s, actions] = initialTransition(machine, input);
    expect(stateKey(s.value)).toBe(K.triage);
    expect(effects(actions)).toEqual(OPENED);
    expect(s.context).toEqual({
      dates: input.dates,
      route: null,
      triage: null,
      circulationDue: null,
      circulation: null,
      feedbackDue: null,
      responses: [],
      meetingCalled: null,
      meeting: null,
      eia: null,
      decision: null,
      responseSent: null,
      overdue: { response: false, circulation: false, feedback: false },
    });
  });

  it('computes the circulation deadline 14 days after notification and feedback 14 days after circulation', () => {
    const circulating = reach('circulating');
    expect(circulating.context.circulationDue).toBe('2017-08-15');
    const late = run([{ ...E.CIRCULATE, circulatedOn: '2017-08-25' }], circulating);
    expect(late.context.feedbackDue).toBe('2017-09-08');
  });

  it('adds calendar days across month and year ends and the clock change', () => {
    expect(addCalendarDays('2017-08-01', 45)).toBe('2017-09-15');
    expect(addCalendarDays('2017-12-20', 14)).toBe('2018-01-03');
    expect(addCalendarDays('2018-03-20', 14)).toBe('2018-04-03');
    expect(addCalendarDays('2020-02-20', 14)).toBe('2020-03-05');
  });

  it('keeps every consultation response with its declaration of interests', () => {
    const ready = reach('nonContentious (ready)');
    expect(ready.context.responses.map((r) => [r.consultee.category, r.declaration])).toEqual([
      ['hwbbChair', 'none'],
      ['wardMember', 'My family uses one of the pharmacies'],
    ]);
  });

  it('records the route, circulation list, meeting, EIA, decision and the response sent', () => {
    const closed = run(
      [E.RECORD_DECISION, E.RECORD_RESPONSE_SENT].map((e) => e as PharmacyEvent),
      reach('meeting (ready)'),
    );
    expect(closed.status).toBe('done');
    expect(closed.context.route).toBe('contentious');
    expect(closed.context.triage?.reasons).toBe('The closing site serves a deprived estate');
    expect(closed.context.circulation).toEqual({
      circulatedOn: '2017-08-10',
      recipients: E.CIRCULATE.recipients,
    });
    expect(closed.context.meetingCalled?.reasons).toBe(E.CALL_MEETING.reasons);
    expect(closed.context.meeting?.attendees[0].declaration).toBe('none');
    expect(closed.context.eia?.documentName).toBe('EIA pharmacy consolidation Portswood.pdf');
    expect(closed.context.decision).toEqual({
      decidedOn: '2017-09-01',
      opinion: 'noGap',
      representation: E.RECORD_DECISION.representation,
    });
    expect(closed.context.responseSent).toEqual({
      sentOn: '2017-09-04',
      reference: 'NHSE/PC/2017/014',
    });
  });

  it('marks each passed deadline overdue, separately', () => {
    const [late] = send(reach('circulating'), E['DEADLINE_PASSED circulation']);
    expect(late.context.overdue).toEqual({ response: false, circulation: true, feedback: false });
    const [later] = send(late, E['DEADLINE_PASSED response']);
    expect(later.context.overdue).toEqual({ response: true, circulation: true, feedback: false });
  });
});
