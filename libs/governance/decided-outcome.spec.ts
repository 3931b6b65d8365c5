import { decideVote, type CastingVote, type Hand } from './consensus.service';
import { decidedOutcome } from './decided-outcome.service';
import { assessQuorum, type RollEntry } from './quorum.service';

/** Full Council (invented for the test): five members, a simple majority of those voting. */
const MAJORITY = { kind: 'majority' as const, source: 'Council procedure rules 17.1' };

const roll = (present: string[], excluded: string[] = []): RollEntry[] =>
  ['a', 'b', 'c', 'd', 'e'].map((id) => ({
    personId: id,
    name: `Cllr ${id.toUpperCase()}`,
    seatPersonId: id,
    categories: ['elected'],
    present: present.includes(id),
    excludedByInterest: excluded.includes(id),
    counted: present.includes(id) && !excluded.includes(id),
  }));

const show = (hands: Record<string, Hand>) =>
  Object.entries(hands).map(([personId, hand]) => ({ personId, hand }));

const underMajority = (
  quorum: { quorate: boolean; roll: RollEntry[] },
  hands: Record<string, Hand>,
  castingVote?: CastingVote,
) => {
  const d = decideVote(MAJORITY, { quorum, hands: show(hands), castingVote });
  if (!d.ok) throw new Error(`refused: ${d.code}`);
  return decidedOutcome('majority', d);
};

describe('the outcome a body’s majority rule computed, as a linked case takes it', () => {
  const all = { quorate: true, roll: roll(['a', 'b', 'c', 'd', 'e']) };

  it('is carried with more for than against, abstentions not counted either way', () => {
    expect(
      underMajority(all, { a: 'for', b: 'for', c: 'against', d: 'abstain', e: 'abstain' }),
    ).toEqual({
      rule: 'majority',
      outcome: 'carried',
      tie: false,
      tally: { for: 2, against: 1, abstain: 2 },
      explanation: expect.arrayContaining([
        'decided by a simple majority (Council procedure rules 17.1)',
        '2 for, 1 against, 2 abstaining of 5 eligible members present',
        'carried: more for than against',
      ]),
    });
  });

  const tie = { a: 'for', b: 'for', c: 'against', d: 'against', e: 'abstain' } as const;

  it('is carried on a tie when the chair gives the casting vote for, naming the chair', () => {
    const d = underMajority(all, tie, { presidingPersonId: 'e', hand: 'for' });
    expect(d).toMatchObject({
      outcome: 'carried',
      tie: true,
      tally: { for: 2, against: 2, abstain: 1 },
      castingVote: { hand: 'for', presidingPersonId: 'e', name: 'Cllr E' },
    });
    expect(d?.explanation.at(-2)).toContain('LGA 1972 Sch 12 para 39(2)');
    expect(d?.explanation.at(-1)).toBe('carried on the casting vote of the chair, Cllr E (for)');
  });

  it('is lost on a tie when the chair gives the casting vote against', () => {
    const d = underMajority(all, tie, { presidingPersonId: 'a', hand: 'against' });
    expect(d).toMatchObject({ outcome: 'lost', tie: true, castingVote: { hand: 'against' } });
    expect(d?.explanation.at(-1)).toBe('lost on the casting vote of the chair, Cllr A (against)');
  });

  it('refuses a tie with no casting vote, and a casting vote by someone not voting', () => {
    expect(decideVote(MAJORITY, { quorum: all, hands: show(tie) })).toMatchObject({
      ok: false,
      code: 'CASTING_VOTE_REQUIRED',
    });
    const few = { quorate: true, roll: roll(['a', 'b', 'c', 'd']) };
    expect(
      decideVote(MAJORITY, {
        quorum: few,
        hands: show({ a: 'for', b: 'for', c: 'against', d: 'against' }),
        castingVote: { presidingPersonId: 'e', hand: 'for' },
      }),
    ).toMatchObject({ ok: false, code: 'PRESIDING_MEMBER_NOT_VOTING' });
  });

  it('refuses a casting vote without a tie', () => {
    expect(
      decideVote(MAJORITY, {
        quorum: all,
        hands: show({ ...tie, e: 'for' }),
        castingVote: { presidingPersonId: 'e', hand: 'against' },
      }),
    ).toMatchObject({ ok: false, code: 'CASTING_VOTE_WITHOUT_A_TIE' });
  });

  it('refuses a casting vote under a consensus rule', () => {
    expect(
      decideVote(
        { kind: 'consensus', blocs: [] },
        {
          quorum: all,
          hands: show(tie),
          chairChoice: { outcome: 'deferred', consultedThosePresent: true },
          castingVote: { presidingPersonId: 'a', hand: 'for' },
        },
      ),
    ).toMatchObject({ ok: false, code: 'CASTING_VOTE_NOT_UNDER_CONSENSUS' });
  });

  it('is lost, not tied, when every member present abstains but one against', () => {
    const d = underMajority(all, {
      a: 'abstain',
      b: 'abstain',
      c: 'abstain',
      d: 'abstain',
      e: 'against',
    });
    expect(d).toMatchObject({ outcome: 'lost', tie: false });
    expect(d?.explanation.at(-1)).toBe('lost: not more for than against');
  });

  it('is a tie when everyone abstains: nothing for, nothing against', () => {
    const d = underMajority(
      all,
      { a: 'abstain', b: 'abstain', c: 'abstain', d: 'abstain', e: 'abstain' },
      { presidingPersonId: 'a', hand: 'against' },
    );
    expect(d).toMatchObject({
      outcome: 'lost',
      tie: true,
      tally: { for: 0, against: 0, abstain: 5 },
    });
  });

  it('counts only the members present and not excluded by an interest', () => {
    const quorum = { quorate: true, roll: roll(['a', 'b', 'c', 'd'], ['d']) };
    const d = underMajority(quorum, { a: 'for', b: 'against', c: 'for' });
    expect(d).toMatchObject({ outcome: 'carried', tally: { for: 2, against: 1, abstain: 0 } });
    expect(d?.explanation).toContain(
      '2 for, 1 against, 0 abstaining of 3 eligible members present',
    );
  });

  it('decides nothing when too few are present for the quorum, and refuses hands then', () => {
    const rule = {
      body: 'Full Council',
      source: 'Council procedure rules 7.1',
      total: 3,
      minimums: [],
    };
    const members = ['a', 'b', 'c', 'd', 'e'].map((id) => ({
      personId: id,
      name: `Cllr ${id.toUpperCase()}`,
      categories: ['elected'],
    }));
    const attending = (present: string[]) =>
      members.map((m) => ({
        personId: m.personId,
        name: m.name,
        status: present.includes(m.personId) ? ('present' as const) : ('apologies' as const),
      }));
    const two = assessQuorum(rule, members, attending(['a', 'b']));
    const three = assessQuorum(rule, members, attending(['a', 'b', 'c']));
    if (!two.ok || !three.ok) throw new Error('attendance refused');
    expect(underMajority({ quorate: two.quorate, roll: two.roll }, {})).toBeNull();
    expect(decideVote(MAJORITY, { quorum: two, hands: show({ a: 'for' }) })).toMatchObject({
      ok: false,
      code: 'VOTE_WHEN_INQUORATE',
    });
    expect(
      underMajority(
        { quorate: three.quorate, roll: three.roll },
        { a: 'for', b: 'against', c: 'for' },
      ),
    ).toMatchObject({ outcome: 'carried', tally: { for: 2, against: 1, abstain: 0 } });
  });

  it('keeps a consensus body’s outcome as the meeting records it, never a tie', () => {
    const d = decideVote(
      { kind: 'consensus', blocs: [] },
      {
        quorum: all,
        hands: show({ a: 'for', b: 'for', c: 'against', d: 'against', e: 'for' }),
        chairChoice: { outcome: 'referredBack', consultedThosePresent: true },
      },
    );
    if (!d.ok) throw new Error(d.code);
    expect(decidedOutcome('consensus', d)).toMatchObject({
      rule: 'consensus',
      outcome: 'referredBack',
      tie: false,
      tally: { for: 3, against: 2, abstain: 0 },
    });
  });
});
