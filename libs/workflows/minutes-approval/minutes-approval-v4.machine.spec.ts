import {
  APPROVAL,
  APPROVING_MEETING,
  chairOrViceChair,
  minutesEvents,
  minutesMachineHarness,
} from '../../testing/minutes-machine-harness.service';
import { stateKey } from '../machine-snapshot.service';
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

const BODY = '0d1b2c3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const CHAIR = '2d7c4c1e-8b0a-4f31-9e55-0c6a1f2b3d4e';
const VICE = '9a3e5b7d-1c2f-4e60-8a9b-7d6c5e4f3a2b';
const seats = {
  chair: { kind: 'seat' as const, bodyId: BODY, seat: 'chair' as const },
  viceChair: { kind: 'seat' as const, bodyId: BODY, seat: 'vice_chair' as const },
  officer: { kind: 'officers' as const },
};
const approval = { ...APPROVAL, amendments: [] };

const E = {
  ...chairOrViceChair(approval, 'Cllr Dave Shields, the chair, was not present'),
  'RECORD_APPROVAL, neither can sign': {
    ...approval,
    signer: 'presiding' as const,
    because: 'neither was present',
  },
  ...minutesEvents(
    'NAME_PRESIDING_MEMBER',
    'SIGN, the chair',
    'SIGN, the vice-chair',
    'SIGN, the member who presided',
    'RETURN_FOR_CORRECTION, the vice-chair',
    'RECORD_CORRECTION',
    'DEADLINE_PASSED meeting',
  ),
} satisfies Record<string, MinutesV4Event>;

const { start, send, simplePaths, itCanAlwaysStillSign } = minutesMachineHarness({
  machine,
  events: E,
  serializeState: (s) =>
    `${stateKey(s.value)} | ${s.context.signer?.role ?? '-'} | ${s.context.signer?.name ?? '-'} | ${s.context.overdue.meeting}`,
});
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
      ...APPROVING_MEETING,
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
  itCanAlwaysStillSign();

  it('escalates on every path to the officer and, once named, the signer only, never the chair in another’s place', () => {
    const seen = new Set<string>();
    for (const p of simplePaths()) {
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
