import fc from 'fast-check';
import { decideShowOfHands, eligibleVoters, type Hand, type ShownHand } from './consensus.service';
import {
  assessQuorum,
  JCB_QUORUM,
  type AttendanceEntry,
  type BodyMember,
  type QuorumAssessment,
  type RollEntry,
} from './quorum.service';

const PARTNERS = ['council', 'ccg'];
const member = (id: string, partner: 'council' | 'ccg'): BodyMember => ({
  personId: id,
  name: id,
  categories: [],
  partner,
});
const jcb = [
  member('cab-1', 'council'),
  member('cab-2', 'council'),
  member('cab-3', 'council'),
  member('ccg-1', 'ccg'),
  member('ccg-2', 'ccg'),
  member('ccg-3', 'ccg'),
];
const here = (personId: string, substituteFor?: string): AttendanceEntry => ({
  personId,
  name: personId,
  status: 'present',
  ...(substituteFor ? { substituteFor } : {}),
});
const away = (personId: string): AttendanceEntry => ({
  personId,
  name: personId,
  status: 'apologies',
});

function quorum(attendance: AttendanceEntry[], excluded: string[] = []): QuorumAssessment {
  const q = assessQuorum(JCB_QUORUM, jcb, attendance, excluded);
  if (!q.ok) throw new Error(q.code);
  return q;
}
const hands = (entries: Record<string, Hand>): ShownHand[] =>
  Object.entries(entries).map(([personId, hand]) => ({ personId, hand }));

const fourPresent = quorum([
  here('cab-1'),
  here('cab-2'),
  here('ccg-1'),
  here('ccg-2'),
  away('cab-3'),
  away('ccg-3'),
]);
const allFor = hands({ 'cab-1': 'for', 'cab-2': 'for', 'ccg-1': 'for', 'ccg-2': 'for' });

describe('decideShowOfHands: the JCB show of hands', () => {
  it('finds consensus when all four present support, and explains each hand and bloc', () => {
    expect(decideShowOfHands({ quorum: fourPresent, partners: PARTNERS, hands: allFor })).toEqual({
      ok: true,
      outcome: 'consensus',
      tally: { for: 4, against: 0, abstain: 0 },
      explanation: [
        'cab-1 (council): for',
        'cab-2 (council): for',
        'ccg-1 (ccg): for',
        'ccg-2 (ccg): for',
        '4 for, 0 against, 0 abstaining of 4 eligible members present',
        'council: 2 of 2 for: assents',
        'ccg: 2 of 2 for: assents',
        'consensus: every eligible member present supports and each partner assents',
      ],
    });
  });

  it('defers the item when one CCG member dissents and the Chair chooses deferral', () => {
    const r = decideShowOfHands({
      quorum: fourPresent,
      partners: PARTNERS,
      hands: hands({ 'cab-1': 'for', 'cab-2': 'for', 'ccg-1': 'for', 'ccg-2': 'against' }),
      chairChoice: { outcome: 'deferred', consultedThosePresent: true },
    });
    expect(r.ok && r.outcome).toBe('noConsensusDeferred');
    expect(r.explanation).toEqual(
      expect.arrayContaining([
        'ccg: 1 of 2 for: does not assent',
        'no consensus: the decision may not be taken under delegation (ToR 8.3)',
        'deferred by the Chair after consulting those present: to be reconsidered after the Chair and the partner lead have talked (ToR 8.2)',
      ]),
    );
  });

  it('refers the item back when the Chair so chooses', () => {
    const r = decideShowOfHands({
      quorum: fourPresent,
      partners: PARTNERS,
      hands: hands({ 'cab-1': 'abstain', 'cab-2': 'for', 'ccg-1': 'for', 'ccg-2': 'for' }),
      chairChoice: { outcome: 'referredBack', consultedThosePresent: true },
    });
    expect(r.ok && r.outcome).toBe('noConsensusReferredBack');
    expect(r.ok && r.tally).toEqual({ for: 3, against: 0, abstain: 1 });
  });

  it('lets a substitute vote in their principal’s seat and bloc', () => {
    const q = quorum([
      here('cab-1'),
      here('cab-2'),
      here('ccg-1'),
      away('ccg-2'),
      here('deputy', 'ccg-2'),
    ]);
    const r = decideShowOfHands({
      quorum: q,
      partners: PARTNERS,
      hands: hands({ 'cab-1': 'for', 'cab-2': 'for', 'ccg-1': 'for', deputy: 'for' }),
    });
    expect(r.ok && r.outcome).toBe('consensus');
    expect(r.explanation).toContain('deputy (ccg): for');
  });

  it('reports an inquorate meeting (only one CCG member present) when no hands are shown', () => {
    const q = quorum([here('cab-1'), here('cab-2'), here('cab-3'), here('ccg-1')]);
    expect(decideShowOfHands({ quorum: q, partners: PARTNERS, hands: [] })).toEqual({
      ok: true,
      outcome: 'inquorate',
      tally: { for: 0, against: 0, abstain: 0 },
      explanation: ['the meeting is not quorate for this item: no vote can be taken'],
    });
  });

  it.each<[string, () => Parameters<typeof decideShowOfHands>[0], string]>([
    [
      'a vote at an inquorate meeting',
      () => ({
        quorum: quorum([here('cab-1'), here('cab-2'), here('cab-3'), here('ccg-1')]),
        partners: PARTNERS,
        hands: hands({ 'cab-1': 'for' }),
      }),
      'VOTE_WHEN_INQUORATE',
    ],
    [
      'a vote by a member excluded by an interest',
      () => ({
        quorum: quorum(
          [
            here('cab-1'),
            here('cab-2'),
            here('cab-3'),
            here('ccg-1'),
            here('ccg-2'),
            here('ccg-3'),
          ],
          ['ccg-3'],
        ),
        partners: PARTNERS,
        hands: hands({ 'ccg-3': 'for' }),
      }),
      'VOTER_EXCLUDED',
    ],
    [
      'a vote by a member who sent apologies',
      () => ({
        quorum: fourPresent,
        partners: PARTNERS,
        hands: [...allFor, { personId: 'cab-3', hand: 'for' }],
      }),
      'VOTER_ABSENT',
    ],
    [
      'a vote by someone not in the attendance',
      () => ({
        quorum: fourPresent,
        partners: PARTNERS,
        hands: [...allFor, { personId: 'visitor', hand: 'for' }],
      }),
      'VOTER_NOT_ATTENDING',
    ],
    [
      'two hands from one member',
      () => ({
        quorum: fourPresent,
        partners: PARTNERS,
        hands: [...allFor, { personId: 'cab-1', hand: 'against' }],
      }),
      'DUPLICATE_VOTE',
    ],
    [
      'a show of hands with one eligible member missing',
      () => ({ quorum: fourPresent, partners: PARTNERS, hands: allFor.slice(1) }),
      'VOTE_MISSING',
    ],
    [
      'no consensus without the Chair’s choice',
      () => ({
        quorum: fourPresent,
        partners: PARTNERS,
        hands: hands({ 'cab-1': 'against', 'cab-2': 'for', 'ccg-1': 'for', 'ccg-2': 'for' }),
      }),
      'CHAIR_CHOICE_REQUIRED',
    ],
    [
      'a deferral without consulting those present',
      () => ({
        quorum: fourPresent,
        partners: PARTNERS,
        hands: hands({ 'cab-1': 'against', 'cab-2': 'for', 'ccg-1': 'for', 'ccg-2': 'for' }),
        chairChoice: { outcome: 'deferred', consultedThosePresent: false },
      }),
      'CHAIR_HAS_NOT_CONSULTED',
    ],
    [
      'a Chair’s deferral despite consensus',
      () => ({
        quorum: fourPresent,
        partners: PARTNERS,
        hands: allFor,
        chairChoice: { outcome: 'deferred', consultedThosePresent: true },
      }),
      'CHAIR_CHOICE_WITH_CONSENSUS',
    ],
  ])('refuses %s', (_what, input, code) => {
    const r = decideShowOfHands(input());
    expect(r.ok ? null : r.code).toBe(code);
    expect(r.explanation.length).toBeGreaterThan(0);
  });

  it('names who has not shown a hand', () => {
    const r = decideShowOfHands({
      quorum: fourPresent,
      partners: PARTNERS,
      hands: allFor.slice(2),
    });
    expect(r.explanation).toEqual([
      'no hand recorded for cab-1, cab-2: record for, against or abstain for every eligible member present',
    ]);
  });

  it('finds no consensus when a partner has no eligible member present', () => {
    const roll: RollEntry[] = ['cab-1', 'cab-2', 'cab-3', 'cab-4'].map((id) => ({
      personId: id,
      name: id,
      seatPersonId: id,
      categories: ['council'],
      partner: 'council',
      present: true,
      excludedByInterest: false,
      counted: true,
    }));
    const r = decideShowOfHands({
      quorum: { quorate: true, roll },
      partners: PARTNERS,
      hands: roll.map((x) => ({ personId: x.personId, hand: 'for' as const })),
      chairChoice: { outcome: 'deferred', consultedThosePresent: true },
    });
    expect(r.ok && r.outcome).toBe('noConsensusDeferred');
    expect(r.explanation).toContain(
      'ccg: no eligible member present, so the ccg bloc cannot assent',
    );
  });
});

// ---- properties ----

const handArb = fc.constantFrom<Hand>('for', 'against', 'abstain');
const seatArb = fc.record({
  present: fc.boolean(),
  excluded: fc.boolean(),
  hand: handArb,
});
const meetingArb = fc
  .array(seatArb, { minLength: 6, maxLength: 6 })
  .map((seats) => seats.map((s, i) => ({ ...s, m: jcb[i] })));
type Meeting = { present: boolean; excluded: boolean; hand: Hand; m: BodyMember }[];

function rollOf(meeting: Meeting): RollEntry[] {
  return meeting.map(({ present, excluded, m }) => ({
    personId: m.personId,
    name: m.name,
    seatPersonId: m.personId,
    categories: [],
    partner: m.partner,
    present,
    excludedByInterest: present && excluded,
    counted: present && !excluded,
  }));
}
const handsOf = (meeting: Meeting): ShownHand[] =>
  meeting
    .filter((s) => s.present && !s.excluded)
    .map((s) => ({ personId: s.m.personId, hand: s.hand }));

function outcome(meeting: Meeting): string {
  const r = decideShowOfHands({
    quorum: { quorate: true, roll: rollOf(meeting) },
    partners: PARTNERS,
    hands: handsOf(meeting),
    chairChoice: undefined,
  });
  return r.ok ? r.outcome : r.code;
}

describe('decideShowOfHands: properties', () => {
  it('finds consensus exactly when every eligible member supports and each partner has one', () => {
    fc.assert(
      fc.property(meetingArb, (meeting) => {
        const eligible = meeting.filter((s) => s.present && !s.excluded);
        const expected =
          eligible.every((s) => s.hand === 'for') &&
          PARTNERS.every((p) => eligible.some((s) => s.m.partner === p));
        return (outcome(meeting) === 'consensus') === expected;
      }),
    );
  });

  it('never breaks consensus by adding an eligible present member who supports', () => {
    fc.assert(
      fc.property(meetingArb, fc.nat(), (meeting, pick) => {
        fc.pre(outcome(meeting) === 'consensus');
        const i = pick % meeting.length;
        const after = meeting.map((s, j) =>
          j === i ? { ...s, present: true, excluded: false, hand: 'for' as const } : s,
        );
        return outcome(after) === 'consensus';
      }),
    );
  });

  it('never creates consensus by removing a supporter', () => {
    fc.assert(
      fc.property(meetingArb, fc.nat(), (meeting, pick) => {
        const supporters = meeting.flatMap((s, i) =>
          s.present && !s.excluded && s.hand === 'for' ? [i] : [],
        );
        fc.pre(supporters.length > 0 && outcome(meeting) !== 'consensus');
        const i = supporters[pick % supporters.length];
        const after = meeting.map((s, j) => (j === i ? { ...s, present: false } : s));
        return outcome(after) !== 'consensus';
      }),
    );
  });

  it('never keeps consensus when any eligible member stops supporting', () => {
    fc.assert(
      fc.property(
        meetingArb,
        fc.nat(),
        fc.constantFrom<Hand>('against', 'abstain'),
        (meeting, pick, hand) => {
          fc.pre(outcome(meeting) === 'consensus');
          const eligible = meeting.flatMap((s, i) => (s.present && !s.excluded ? [i] : []));
          const i = eligible[pick % eligible.length];
          return outcome(meeting.map((s, j) => (j === i ? { ...s, hand } : s))) !== 'consensus';
        },
      ),
    );
  });

  it('always refuses a hand from an excluded or absent member', () => {
    fc.assert(
      fc.property(meetingArb, fc.nat(), handArb, (meeting, pick, hand) => {
        const ineligible = meeting.filter((s) => !s.present || s.excluded);
        fc.pre(ineligible.length > 0);
        const who = ineligible[pick % ineligible.length];
        const r = decideShowOfHands({
          quorum: { quorate: true, roll: rollOf(meeting) },
          partners: PARTNERS,
          hands: [...handsOf(meeting), { personId: who.m.personId, hand }],
        });
        return !r.ok && r.code === (who.present ? 'VOTER_EXCLUDED' : 'VOTER_ABSENT');
      }),
    );
  });

  it('takes no vote at an inquorate meeting, whatever the hands', () => {
    fc.assert(
      fc.property(meetingArb, (meeting) => {
        const hs = handsOf(meeting);
        const r = decideShowOfHands({
          quorum: { quorate: false, roll: rollOf(meeting) },
          partners: PARTNERS,
          hands: hs,
        });
        return hs.length === 0
          ? r.ok && r.outcome === 'inquorate'
          : !r.ok && r.code === 'VOTE_WHEN_INQUORATE';
      }),
    );
  });

  it('counts exactly the eligible members present as voters', () => {
    fc.assert(
      fc.property(meetingArb, (meeting) => {
        return (
          eligibleVoters(rollOf(meeting)).length ===
          meeting.filter((s) => s.present && !s.excluded).length
        );
      }),
    );
  });
});
