import fc from 'fast-check';
import { decideShowOfHands } from './consensus.service';
import { checkTerm, termsOverlap, type Term } from './membership-terms.service';
import { assessQuorum, JCB_QUORUM } from './quorum.service';

const term = (over: Partial<Term>): Term => ({
  personId: 'p',
  personName: 'Cllr Ada Fox',
  role: 'member',
  validFrom: '2025-05-21',
  validUntil: '2026-05-20',
  ...over,
});

describe('terms of membership', () => {
  it('counts the last day of a term as in it: a term ending the day before another starts does not overlap', () => {
    expect(termsOverlap(term({}), term({ validFrom: '2026-05-21', validUntil: null }))).toBe(false);
    expect(termsOverlap(term({}), term({ validFrom: '2026-05-20', validUntil: null }))).toBe(true);
    expect(termsOverlap(term({ validUntil: null }), term({ validFrom: '2030-01-01' }))).toBe(true);
  });

  it('finds overlap the same whichever term is asked about', () => {
    const day = fc
      .integer({ min: 0, max: 3000 })
      .map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const span = fc
      .tuple(day, fc.option(day))
      .map(([a, b]) =>
        b !== null && b < a ? { validFrom: b, validUntil: a } : { validFrom: a, validUntil: b },
      );
    fc.assert(fc.property(span, span, (a, b) => termsOverlap(a, b) === termsOverlap(b, a)));
  });

  it('refuses a second vice-chair at once, and leaves a term alone against itself', () => {
    const vice = term({ id: 'v1', role: 'vice_chair', personId: 'a', personName: 'Dr Dev Shah' });
    expect(
      checkTerm('Joint Commissioning Board', term({ role: 'vice_chair' }), [vice]),
    ).toMatchObject({ ok: false, code: 'TWO_VICE_CHAIRS_AT_ONCE' });
    expect(checkTerm('Joint Commissioning Board', { ...vice, validUntil: null }, [vice])).toEqual({
      ok: true,
    });
  });
});

describe('a non-voting seat', () => {
  const members = [
    ...['c1', 'c2'].map((id) => ({ personId: id, name: id, categories: [], partner: 'council' })),
    ...['h1', 'h2'].map((id) => ({ personId: id, name: id, categories: [], partner: 'ccg' })),
    { personId: 'h3', name: 'h3', categories: [], partner: 'ccg', voting: false },
  ];
  const present = (ids: string[]) =>
    ids.map((id) => ({ personId: id, name: id, status: 'present' as const }));

  it('neither counts toward the quorum nor shows a hand', () => {
    const q = assessQuorum(JCB_QUORUM, members, present(['c1', 'c2', 'h1', 'h3']));
    expect(q).toMatchObject({
      quorate: false,
      explanation: expect.arrayContaining([
        'h3 present in a non-voting seat: does not count',
        'CCG members present and counted: 1, at least 2 needed: not met',
      ]),
    });
    const full = assessQuorum(JCB_QUORUM, members, present(['c1', 'c2', 'h1', 'h2', 'h3']));
    if (!full.ok) throw new Error('attendance refused');
    const hands = ['c1', 'c2', 'h1', 'h2'].map((id) => ({ personId: id, hand: 'for' as const }));
    expect(decideShowOfHands({ quorum: full, partners: ['council', 'ccg'], hands })).toMatchObject({
      ok: true,
      outcome: 'consensus',
    });
    expect(
      decideShowOfHands({
        quorum: full,
        partners: ['council', 'ccg'],
        hands: [...hands, { personId: 'h3', hand: 'for' }],
      }),
    ).toMatchObject({ ok: false, code: 'VOTER_NOT_VOTING' });
  });
});
