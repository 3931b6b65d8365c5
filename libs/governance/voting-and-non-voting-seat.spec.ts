import { decideShowOfHands, type Hand, type ShownHand } from './consensus.service';
import {
  assessQuorum,
  JCB_QUORUM,
  seatOfEachPerson,
  seatVotes,
  type AttendanceEntry,
  type BodyMember,
} from './quorum.service';

/*
 * A person who holds a voting seat and a non-voting seat on the same body (issue #12, review L9):
 * they sit in the voting seat, count toward the quorum once and show one hand, whichever order the
 * directory lists their seats in. Only a person whose every seat is non-voting does not vote.
 */

const member = (id: string, partner: 'council' | 'ccg'): BodyMember => ({
  personId: id,
  name: id,
  categories: [],
  partner,
});
const nonVoting = (id: string): BodyMember => ({
  personId: id,
  name: id,
  categories: [],
  partner: 'healthwatch',
  voting: false,
});
const voting = [
  member('cab-1', 'council'),
  member('cab-2', 'council'),
  member('ccg-1', 'ccg'),
  member('ccg-2', 'ccg'),
];
const here = (personId: string, substituteFor?: string): AttendanceEntry => ({
  personId,
  name: personId,
  status: 'present',
  ...(substituteFor ? { substituteFor } : {}),
});
const hands = (entries: Record<string, Hand>): ShownHand[] =>
  Object.entries(entries).map(([personId, hand]) => ({ personId, hand }));
const allFor = hands({ 'cab-1': 'for', 'cab-2': 'for', 'ccg-1': 'for', 'ccg-2': 'for' });

// cab-1 also holds a non-voting seat: listed after the voting one, and before it.
const orders: [string, BodyMember[]][] = [
  ['after', [...voting, nonVoting('cab-1')]],
  ['before', [nonVoting('cab-1'), ...voting]],
];

describe.each(orders)('a member with a non-voting seat listed %s their voting seat', (_, seats) => {
  const quorum = () => {
    const q = assessQuorum(
      JCB_QUORUM,
      seats,
      ['cab-1', 'cab-2', 'ccg-1', 'ccg-2'].map((p) => here(p)),
    );
    if (!q.ok) throw new Error(q.code);
    return q;
  };

  it('sits in the voting seat, counted once toward the quorum', () => {
    const q = quorum();
    expect(q.quorate).toBe(true);
    expect(q.counted.map((r) => r.personId)).toEqual(['cab-1', 'cab-2', 'ccg-1', 'ccg-2']);
    expect(q.roll.find((r) => r.personId === 'cab-1')).toMatchObject({
      partner: 'council',
      counted: true,
    });
    expect(q.roll.find((r) => r.personId === 'cab-1')?.nonVoting).toBeUndefined();
    expect(q.explanation).toContain('cab-1 present, counts as council');
  });

  it('shows a hand: the show of hands is decided, never refused as non-voting', () => {
    const decided = decideShowOfHands({
      quorum: quorum(),
      partners: ['council', 'ccg'],
      hands: allFor,
    });
    expect(decided).toMatchObject({ ok: true, outcome: 'consensus' });
  });

  it('is owed a hand: the show of hands without theirs is refused as missing one', () => {
    const others = hands({ 'cab-2': 'for', 'ccg-1': 'for', 'ccg-2': 'for' });
    const decided = decideShowOfHands({
      quorum: quorum(),
      partners: ['council', 'ccg'],
      hands: others,
    });
    expect(decided).toMatchObject({ ok: false, code: 'VOTE_MISSING' });
  });

  it('shows one hand: a second is refused as a duplicate', () => {
    const decided = decideShowOfHands({
      quorum: quorum(),
      partners: ['council', 'ccg'],
      hands: [...allFor, { personId: 'cab-1', hand: 'against' }],
    });
    expect(decided).toMatchObject({ ok: false, code: 'DUPLICATE_VOTE' });
  });

  it('is one seat in the meeting’s list, the voting one, whose holder and substitutes vote', () => {
    expect([...seatOfEachPerson(seats).values()].filter((s) => s.personId === 'cab-1')).toEqual([
      member('cab-1', 'council'),
    ]);
    expect(seatOfEachPerson(seats).size).toBe(4);
    expect(seatVotes(seats, 'cab-1')).toBe(true);
  });
});

describe('a member whose only seat is non-voting', () => {
  const seats = [...voting, nonVoting('hw-1')];

  it('does not vote: a hand from them is refused as non-voting', () => {
    expect(seatVotes(seats, 'hw-1')).toBe(false);
    const q = assessQuorum(JCB_QUORUM, seats, [
      ...['cab-1', 'cab-2', 'ccg-1', 'ccg-2'].map((p) => here(p)),
      here('hw-1'),
    ]);
    if (!q.ok) throw new Error(q.code);
    const decided = decideShowOfHands({
      quorum: q,
      partners: ['council', 'ccg'],
      hands: [...allFor, { personId: 'hw-1', hand: 'for' }],
    });
    expect(decided).toMatchObject({ ok: false, code: 'VOTER_NOT_VOTING' });
  });
});
