import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import type { MinutesInput } from './minutes-approval.machine';
import {
  minutesApprovalV3Machine as machine,
  type MinutesV3Event,
} from './minutes-approval-v3.machine';
import { minutesApprovalV3 } from './minutes-approval-v3.template';

/**
 * Version 3's statechart, checked purely: with neither the chair nor the vice-chair to sign, the
 * approval is recorded and the case waits for the officer to name the member who presided, who
 * alone signs; generated paths (no deadlock; every signature by the signer named).
 */

type Snapshot = SnapshotFrom<typeof machine>;

const input: MinutesInput = { dates: { meetingDate: '2017-06-28', nextMeetingDate: '2017-07-26' } };
const approval = {
  type: 'RECORD_APPROVAL' as const,
  meetingDate: '2017-07-26',
  minuteReference: 'HWBB 26 Jul 2017, minute 2',
  amendments: ['Governing Body, not Governance Board'],
  fromMeeting: true as const,
};
const NEITHER = 'Cllr Dave Shields, the chair, was not present; the vice-chair was not present';

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
    inPlaceOf: 'Cllr Dave Shields',
    because: NEITHER,
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
  'RETURN_FOR_CORRECTION, the member who presided': {
    type: 'RETURN_FOR_CORRECTION',
    role: 'presiding',
    reasons: 'The amendment is missing',
  },
  RECORD_CORRECTION: { type: 'RECORD_CORRECTION', correctedOn: '2017-07-27', details: 'Fixed' },
  'REMINDER_DUE meeting': { type: 'REMINDER_DUE', key: 'meeting', workingDaysLeft: 5 },
} satisfies Record<string, MinutesV3Event>;

const start = () => initialTransition(machine, input)[0];
const send = (s: Snapshot, e: MinutesV3Event) => transition(machine, s, e);
const notified = (actions: unknown[]) =>
  (actions as { type: string; params?: unknown }[])
    .filter((a) => a.type === 'notify')
    .map((a) => a.params as { message: string; to: string[] });

describe('minutes approval v3: the member who presided signs when neither the chair nor the vice-chair can', () => {
  it('records the approval and waits for the officer to name the member who presided, reminding the officer', () => {
    const [s, actions] = send(start(), E['RECORD_APPROVAL, neither can sign']);
    expect(stateKey(s.value)).toBe('open.awaitingPresidingMember');
    expect(notified(actions)).toEqual([{ message: 'presiding-member-to-name', to: ['officer'] }]);
    expect(s.context.resolution?.amendments).toEqual(['Governing Body, not Governance Board']);
    expect(minutesApprovalV3.describe(s.value, s.context)).toEqual({
      summary: `Approved at the meeting as a correct record with 1 amendment: neither the chair nor the vice-chair can sign (${NEITHER}); awaiting the officer to name the member who presided`,
      awaiting: ['officer'],
    });
    for (const e of ['SIGN, the chair', 'SIGN, the vice-chair', 'SIGN, the member who presided'])
      expect(s.can(E[e as keyof typeof E])).toBe(false);
    const [, reminded] = send(s, E['REMINDER_DUE meeting']);
    expect(notified(reminded)).toEqual([
      { message: 'meeting-reminder', to: ['officer'], workingDaysLeft: 5 },
    ]);
  });

  it('asks the member named, and only they sign, by name on the record', () => {
    const [waiting] = send(start(), E['RECORD_APPROVAL, neither can sign']);
    const [asked, actions] = send(waiting, E.NAME_PRESIDING_MEMBER);
    expect(notified(actions)).toEqual([
      { message: 'signature-requested-presiding', to: ['presiding'] },
    ]);
    expect(minutesApprovalV3.describe(asked.value, asked.context).awaiting).toEqual(['presiding']);
    expect(asked.can(E['SIGN, the chair'])).toBe(false);
    const [signed] = send(asked, E['SIGN, the member who presided']);
    expect(signed.context.signature).toEqual({
      comments: null,
      by: 'presiding',
      inPlaceOf: 'Cllr Dave Shields',
      name: 'Cllr Sarah Bogle',
    });
    expect(minutesApprovalV3.describe(signed.value, signed.context).summary).toBe(
      'Signed by Cllr Sarah Bogle, who presided at the meeting, as a correct record, with 1 amendment',
    );
  });

  it('keeps version 2’s chair and vice-chair as they were', () => {
    const [s, actions] = send(start(), E['RECORD_APPROVAL, the chair absent']);
    expect(notified(actions)).toEqual([
      { message: 'signature-requested-in-place', to: ['viceChair'] },
    ]);
    expect(s.context.signer).toEqual({
      role: 'viceChair',
      inPlaceOf: 'Cllr Dave Shields',
      because: 'Cllr Dave Shields, the chair, was not present',
    });
  });
});

describe('minutes approval v3: generated paths', () => {
  const events = Object.values(E) as MinutesV3Event[];
  const serializeState = (s: Snapshot) =>
    `${stateKey(s.value)} | ${s.context.signer?.role ?? '-'} | ${s.context.signer?.name ?? '-'}`;
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

  it('signs only by the signer the meeting named, the member who presided only once named', () => {
    const finished = getSimplePaths(machine, { input, events, serializeState, toState: isDone });
    const signers = new Set<string>();
    for (const p of finished) {
      const sent = p.steps.map((s) => s.event as MinutesV3Event & { role?: string });
      const approved = sent.find((e) => e.type === 'RECORD_APPROVAL');
      const last = sent.at(-1)!;
      expect(last.type).toBe('SIGN');
      expect(last.role).toBe(approved?.type === 'RECORD_APPROVAL' ? approved.signer : null);
      if (last.role === 'presiding')
        expect(sent.some((e) => e.type === 'NAME_PRESIDING_MEMBER')).toBe(true);
      signers.add(String(last.role));
    }
    expect([...signers].sort()).toEqual(['chair', 'presiding', 'viceChair']);
  });
});

describe('minutes approval v3: the meeting’s approval as the case takes it (minutesEvents)', () => {
  const facts = {
    meetingDate: '2017-07-26',
    meetingTitle: 'Health and Wellbeing Board, 26 July 2017',
    bodyName: 'Southampton Health and Wellbeing Board',
    amendments: [],
    chair: { name: 'Cllr Dave Shields', absent: 'Cllr Dave Shields, the chair, was away' },
    viceChair: { name: 'Dr Sue Robinson', absent: 'Dr Sue Robinson, the vice-chair, was away' },
  };
  const awaiting = { stateKey: 'open.awaitingApproval', context: start().context };

  it('records the approval for the member who presided where version 2 refused it', () => {
    const plan = minutesApprovalV3.minutesEvents!(facts, awaiting);
    expect(plan.ok && plan.events[0].payload).toMatchObject({
      signer: 'presiding',
      inPlaceOf: 'Cllr Dave Shields',
      because: 'Cllr Dave Shields, the chair, was away; Dr Sue Robinson, the vice-chair, was away',
    });
    const noChair = minutesApprovalV3.minutesEvents!(
      { ...facts, chair: null, viceChair: null },
      awaiting,
    );
    expect(noChair.ok && noChair.events[0].payload).toMatchObject({
      signer: 'presiding',
      because:
        'the Southampton Health and Wellbeing Board had no chair on Wed 26 Jul 2017; it had no vice-chair on Wed 26 Jul 2017',
    });
    expect(
      minutesApprovalV3.minutesEvents!(facts, { ...awaiting, stateKey: 'open.awaitingSignature' }),
    ).toMatchObject({ ok: false, code: 'MINUTES_CASE_NOT_AWAITING_APPROVAL' });
  });
});
