import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import type { MinutesInput } from './minutes-approval.machine';
import {
  minutesApprovalV4Machine as machine,
  type MinutesV4Event,
} from './minutes-approval-v4.machine';
import { minutesApprovalV4 } from './minutes-approval-v4.template';

/**
 * Version 4's statechart and template, checked purely: the meeting's approval binds the signing
 * role to the person who held the seat that day (namesRoles, a `member` binding), and the overdue
 * minutes are escalated to the officer and whoever signs, never an absent chair; generated paths
 * (no deadlock; every escalation to the officer and the signer of the moment).
 */

type Snapshot = SnapshotFrom<typeof machine>;

const input: MinutesInput = { dates: { meetingDate: '2017-06-28', nextMeetingDate: '2017-07-26' } };
const BODY = '0d1b2c3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const CHAIR = '2d7c4c1e-8b0a-4f31-9e55-0c6a1f2b3d4e';
const VICE = '9a3e5b7d-1c2f-4e60-8a9b-7d6c5e4f3a2b';
const seats = {
  chair: { kind: 'seat' as const, bodyId: BODY, seat: 'chair' as const },
  viceChair: { kind: 'seat' as const, bodyId: BODY, seat: 'vice_chair' as const },
  officer: { kind: 'officers' as const },
};
const approval = {
  type: 'RECORD_APPROVAL' as const,
  meetingDate: '2017-07-26',
  minuteReference: 'HWBB 26 Jul 2017, minute 2',
  amendments: [],
  fromMeeting: true as const,
};

const E = {
  'RECORD_APPROVAL, the chair signs': { ...approval, signer: 'chair' as const },
  'RECORD_APPROVAL, the chair absent': {
    ...approval,
    signer: 'viceChair' as const,
    inPlaceOf: 'Cllr Dave Shields',
    because: 'Cllr Dave Shields, the chair, was not present',
  },
  'RECORD_APPROVAL, neither can sign': {
    ...approval,
    signer: 'presiding' as const,
    because: 'neither was present',
  },
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
  'DEADLINE_PASSED meeting': { type: 'DEADLINE_PASSED', key: 'meeting' },
} satisfies Record<string, MinutesV4Event>;

const start = () => initialTransition(machine, input)[0];
const send = (s: Snapshot, e: MinutesV4Event) => transition(machine, s, e);
const escalations = (actions: unknown[]) =>
  (actions as { type: string; params?: { message: string; to: string[] } }[])
    .filter((a) => a.type === 'notify' && a.params?.message === 'minutes-overdue')
    .map((a) => a.params!.to);

describe('minutes approval v4: the signer fixed by the meeting’s approval', () => {
  const names = minutesApprovalV4.namesRoles!.RECORD_APPROVAL;

  it('binds the chair’s role to the chair who held the seat on the meeting’s day', () => {
    expect(
      names({ ...E['RECORD_APPROVAL, the chair signs'], signerPersonId: CHAIR }, seats),
    ).toEqual({ chair: { kind: 'member', bodyId: BODY, personId: CHAIR } });
  });

  it('binds the vice-chair’s role when the vice-chair signs in the chair’s place, leaving the chair’s seat', () => {
    expect(
      names({ ...E['RECORD_APPROVAL, the chair absent'], signerPersonId: VICE }, seats),
    ).toEqual({ viceChair: { kind: 'member', bodyId: BODY, personId: VICE } });
  });

  it('binds nothing for the member who presided, who is named later', () => {
    expect(names(E['RECORD_APPROVAL, neither can sign'], seats)).toEqual({});
  });

  it('takes the person from the meeting’s facts, and refuses an approval naming the chair without them', () => {
    const facts = {
      meetingDate: '2017-07-26',
      meetingTitle: 'Health and Wellbeing Board, 26 July 2017',
      bodyName: 'Southampton Health and Wellbeing Board',
      amendments: [],
      chair: { name: 'Cllr Dave Shields', absent: 'away', personId: CHAIR },
      viceChair: { name: 'Dr Sue Robinson', absent: null, personId: VICE },
    };
    const plan = minutesApprovalV4.minutesEvents!(facts, {
      stateKey: 'open.awaitingApproval',
      context: start().context,
    });
    expect(plan.ok && plan.events[0].payload).toMatchObject({
      signer: 'viceChair',
      signerPersonId: VICE,
    });
    const payload = minutesApprovalV4.events.RECORD_APPROVAL.payload;
    const { type: _type, ...chair } = E['RECORD_APPROVAL, the chair signs'];
    expect(payload.safeParse(chair).success).toBe(false);
    expect(payload.safeParse({ ...chair, signerPersonId: CHAIR }).success).toBe(true);
  });
});

describe('minutes approval v4: the overdue minutes escalated to the officer and whoever signs', () => {
  it('tells the officer alone while the meeting has not approved them', () => {
    expect(escalations(send(start(), E['DEADLINE_PASSED meeting'])[1])).toEqual([['officer']]);
  });

  it('tells the officer and the vice-chair who signs, not the absent chair', () => {
    const [asked] = send(start(), E['RECORD_APPROVAL, the chair absent']);
    expect(escalations(send(asked, E['DEADLINE_PASSED meeting'])[1])).toEqual([
      ['officer', 'viceChair'],
    ]);
  });

  it('tells the officer alone until the member who presided is named, then them too', () => {
    const [waiting] = send(start(), E['RECORD_APPROVAL, neither can sign']);
    expect(escalations(send(waiting, E['DEADLINE_PASSED meeting'])[1])).toEqual([['officer']]);
    const [named] = send(waiting, E.NAME_PRESIDING_MEMBER);
    expect(escalations(send(named, E['DEADLINE_PASSED meeting'])[1])).toEqual([
      ['officer', 'presiding'],
    ]);
  });
});

describe('minutes approval v4: generated paths', () => {
  const events = Object.values(E) as MinutesV4Event[];
  const serializeState = (s: Snapshot) =>
    `${stateKey(s.value)} | ${s.context.signer?.role ?? '-'} | ${s.context.signer?.name ?? '-'} | ${s.context.overdue.meeting}`;
  const isDone = (s: Snapshot) => s.status === 'done';

  it('can still sign the minutes from every state reachable on a simple path: no deadlock', () => {
    const simple = getSimplePaths(machine, { input, events, serializeState });
    expect(simple.length).toBeGreaterThan(8);
    const stuck = simple.filter(
      (p) =>
        getShortestPaths(machine, { fromState: p.state, events, serializeState, toState: isDone })
          .length === 0,
    );
    expect(stuck.map((p) => p.steps.map((s) => s.event.type).join(' → '))).toEqual([]);
  });

  it('escalates on every path to the officer and, once named, the signer only, never the chair in another’s place', () => {
    const simple = getSimplePaths(machine, { input, events, serializeState });
    const seen = new Set<string>();
    for (const p of simple) {
      let s = start();
      for (const step of p.steps) {
        const [next, actions] = send(s, step.event as MinutesV4Event);
        for (const to of escalations(actions)) {
          const signer = s.context.signer;
          const owed =
            !signer || (signer.role === 'presiding' && !signer.name) ? [] : [signer.role];
          expect(to).toEqual(['officer', ...owed]);
          seen.add(to.join('+'));
        }
        s = next;
      }
    }
    expect([...seen].sort()).toEqual([
      'officer',
      'officer+chair',
      'officer+presiding',
      'officer+viceChair',
    ]);
  });
});
