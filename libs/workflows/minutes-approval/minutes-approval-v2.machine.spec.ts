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
  minutesApprovalV2Machine as machine,
  type MinutesV2Event,
} from './minutes-approval-v2.machine';
import { minutesApprovalV2 } from './minutes-approval-v2.template';

/**
 * Version 2's statechart, checked purely: the signature asked of the signer the meeting named
 * (the chair, or the vice-chair in the chair's place), and generated paths (every path that signs
 * passes through the meeting's approval and the signer's signature; no deadlock).
 */

const E = {
  ...chairOrViceChair(
    approval,
    'Cllr Dave Shields, the chair, was not present at the meeting of 26 July 2017',
  ),
  DEFER: {
    type: 'DEFER',
    meetingDate: '2017-07-26',
    reasons: 'Not circulated',
    nextMeetingDate: '2017-10-18',
  },
  ...minutesEvents('SIGN, the chair'),
  'SIGN, the vice-chair': { type: 'SIGN', role: 'viceChair', comments: 'In the chair’s absence' },
  'RETURN_FOR_CORRECTION, the chair': {
    type: 'RETURN_FOR_CORRECTION',
    role: 'chair',
    reasons: 'x',
  },
  ...minutesEvents(
    'RETURN_FOR_CORRECTION, the vice-chair',
    'RECORD_CORRECTION',
    'REMINDER_DUE meeting',
  ),
} satisfies Record<string, MinutesV2Event>;

const { start, send, signedPaths, itCanAlwaysStillSign } = minutesMachineHarness({
  machine,
  events: E,
  serializeState: (s) =>
    `${stateKey(s.value)} | ${s.context.dates.nextMeetingDate} | ${s.context.signer?.role ?? '-'}`,
});

describe('minutes approval v2: who signs', () => {
  it('asks the chair to sign when the meeting approved the minutes with the chair present', () => {
    const [s, actions] = send(start(), E['RECORD_APPROVAL, the chair signs']);
    expect(stateKey(s.value)).toBe('open.awaitingSignature');
    expect(notified(actions)).toEqual([{ message: 'signature-requested', to: ['chair'] }]);
    expect(s.can(E['SIGN, the vice-chair'])).toBe(false);
    const [signed] = send(s, E['SIGN, the chair']);
    expect(signed.status).toBe('done');
    expect(signed.context.signature).toEqual({ comments: null, by: 'chair', inPlaceOf: null });
  });

  it('asks the vice-chair, in the chair’s place, when the chair was absent, and records it on signing', () => {
    const [s, actions] = send(start(), E['RECORD_APPROVAL, the chair absent']);
    expect(notified(actions)).toEqual([
      { message: 'signature-requested-in-place', to: ['viceChair'] },
    ]);
    expect(s.can(E['SIGN, the chair'])).toBe(false);
    expect(s.context.resolution?.amendments).toEqual(['Governing Body, not Governance Board']);
    expect(minutesApprovalV2.describe(s.value, s.context).awaiting).toEqual(['viceChair']);
    const [signed] = send(s, E['SIGN, the vice-chair']);
    expect(signed.context.signature).toEqual({
      comments: 'In the chair’s absence',
      by: 'viceChair',
      inPlaceOf: 'Cllr Dave Shields',
    });
    expect(minutesApprovalV2.describe(signed.value, signed.context).summary).toBe(
      'Signed by the vice-chair in the place of the chair (Cllr Dave Shields) as a correct record, with 1 amendment',
    );
  });

  it('asks the vice-chair again after a correction, and reminds the vice-chair, not the chair', () => {
    const [asked] = send(start(), E['RECORD_APPROVAL, the chair absent']);
    const [returned] = send(asked, E['RETURN_FOR_CORRECTION, the vice-chair']);
    expect(stateKey(returned.value)).toBe('open.correcting');
    const [again, actions] = send(returned, E.RECORD_CORRECTION);
    expect(notified(actions)).toEqual([
      { message: 'signature-requested-in-place', to: ['viceChair'] },
    ]);
    const [, reminded] = send(again, E['REMINDER_DUE meeting']);
    expect(notified(reminded)).toEqual([
      { message: 'meeting-reminder', to: ['viceChair'], workingDaysLeft: 5 },
    ]);
  });
});

describe('minutes approval v2: generated paths', () => {
  itCanAlwaysStillSign();

  it('signs only after the meeting’s approval, by the signer the meeting named', () => {
    const finished = signedPaths();
    expect(finished.length).toBeGreaterThan(3);
    for (const p of finished) {
      const sent = p.steps.map((s) => s.event as MinutesV2Event & { role?: string });
      const approved = sent.filter((e) => e.type === 'RECORD_APPROVAL').at(-1);
      expect(approved).toBeDefined();
      const last = sent.at(-1)!;
      expect(last.type).toBe('SIGN');
      expect(last.role).toBe(approved!.type === 'RECORD_APPROVAL' ? approved!.signer : null);
    }
  });

  it('reaches both signers’ signatures among its paths', () => {
    const signers = new Set(signedPaths().map((p) => p.state.context.signature?.by));
    expect([...signers].sort()).toEqual(['chair', 'viceChair']);
  });
});

describe('minutes approval v2: the meeting’s approval as the case takes it (minutesEvents)', () => {
  const facts = {
    ...APPROVING_MEETING,
    amendments: ['Governing Body, not Governance Board'],
    chair: { name: 'Cllr Dave Shields', absent: null },
    viceChair: { name: 'Dr Sue Robinson', absent: null },
  };
  const awaiting = { stateKey: 'open.awaitingApproval', context: start().context };
  const plan = (f: typeof facts | Record<string, unknown>, current = awaiting) =>
    minutesApprovalV2.minutesEvents!(f as typeof facts, current);

  it('sends the approval with its amendments from the meeting, the chair to sign', () => {
    expect(plan(facts)).toEqual({
      ok: true,
      events: [
        {
          type: 'RECORD_APPROVAL',
          payload: {
            meetingDate: '2017-07-26',
            minuteReference:
              'Minutes of the previous meeting, Health and Wellbeing Board, 26 July 2017, 2017-07-26',
            amendments: ['Governing Body, not Governance Board'],
            signer: 'chair',
            fromMeeting: true,
          },
        },
      ],
    });
  });

  it('names the vice-chair, in whose place and why, when the chair is absent', () => {
    const absent =
      'Cllr Dave Shields, the chair, was not present at the meeting of Wed 26 Jul 2017';
    const p = plan({ ...facts, chair: { name: 'Cllr Dave Shields', absent } });
    expect(p.ok && p.events[0].payload).toMatchObject({
      signer: 'viceChair',
      inPlaceOf: 'Cllr Dave Shields',
      because: absent,
    });
  });

  it('refuses when neither the chair nor the vice-chair can sign, and a case past its approval', () => {
    const nobody = plan({
      ...facts,
      chair: { name: 'Cllr Dave Shields', absent: 'Cllr Dave Shields is recorded away' },
      viceChair: null,
    });
    const source =
      'seed 002, minutes of 28 June 2017, item 2; the vice-chair elected at the meeting of 26 July 2017, item 3';
    // The body by its name in the directory, the day in words; where the rule comes from apart.
    expect(nobody).toEqual({
      ok: false,
      code: 'NO_CHAIR_TO_SIGN_THE_MINUTES',
      explanation: [
        'the chair signs the minutes as a correct record, the vice-chair in the chair’s absence',
        'Cllr Dave Shields is recorded away, and the Southampton Health and Wellbeing Board has no vice-chair on 26 July 2017 in the directory',
        'record the chair or the vice-chair among the Southampton Health and Wellbeing Board’s members, or their return, before the meeting approves the minutes',
      ],
      source,
    });
    expect(plan({ ...facts, chair: null })).toMatchObject({
      ok: false,
      code: 'NO_CHAIR_TO_SIGN_THE_MINUTES',
      explanation: [
        expect.any(String),
        'the Southampton Health and Wellbeing Board has no chair on 26 July 2017 in the directory',
        expect.any(String),
      ],
    });
    const past = plan(facts, { stateKey: 'open.awaitingSignature', context: start().context });
    expect(past).toEqual({
      ok: false,
      code: 'MINUTES_CASE_NOT_AWAITING_APPROVAL',
      explanation: [
        'the minutes are approved once, by a later meeting of the Southampton Health and Wellbeing Board',
        'this case is past the Southampton Health and Wellbeing Board’s approval: a later correction is a new minute',
      ],
      source: 'seed 002, HWBB agenda of 26 July 2017, item 6',
    });
  });
});
