import {
  APPROVAL as approval,
  APPROVING_MEETING,
  chairOrViceChair,
  minutesEvents,
  minutesMachineHarness,
  notified,
} from '../../testing/minutes-machine-harness.service';
import { stateKey } from '../machine-snapshot.service';
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

const NEITHER = 'Cllr Dave Shields, the chair, was not present; the vice-chair was not present';

const E = {
  ...chairOrViceChair(approval, 'Cllr Dave Shields, the chair, was not present'),
  'RECORD_APPROVAL, neither can sign': {
    ...approval,
    signer: 'presiding' as const,
    inPlaceOf: 'Cllr Dave Shields',
    because: NEITHER,
  },
  ...minutesEvents(
    'NAME_PRESIDING_MEMBER',
    'SIGN, the chair',
    'SIGN, the vice-chair',
    'SIGN, the member who presided',
  ),
  'RETURN_FOR_CORRECTION, the member who presided': {
    type: 'RETURN_FOR_CORRECTION',
    role: 'presiding',
    reasons: 'The amendment is missing',
  },
  ...minutesEvents('RECORD_CORRECTION', 'REMINDER_DUE meeting'),
} satisfies Record<string, MinutesV3Event>;

const { start, send, signedPaths, itCanAlwaysStillSign } = minutesMachineHarness({
  machine,
  events: E,
  serializeState: (s) =>
    `${stateKey(s.value)} | ${s.context.signer?.role ?? '-'} | ${s.context.signer?.name ?? '-'}`,
});

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
  itCanAlwaysStillSign();

  it('signs only by the signer the meeting named, the member who presided only once named', () => {
    const signers = new Set<string>();
    for (const p of signedPaths()) {
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
    ...APPROVING_MEETING,
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
