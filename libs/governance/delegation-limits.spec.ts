import fc from 'fast-check';
import {
  CABINET_MEMBER_SPEND_CONDITION,
  checkDecisionUnderDelegation,
  formatPounds,
  type Delegation,
  type ProposedDecision,
} from './delegation-limits.service';

const SCOPE = 'better-care-commissioning';
const cabinetMemberDelegation: Delegation = {
  id: 'del-cabinet-health',
  grantor: 'Cabinet',
  delegate: {
    kind: 'office',
    officeId: 'office-cabinet-health',
    title: 'Cabinet Member for Health and Sustainable Living',
  },
  scope: [SCOPE],
  amountLimit: 2_000_000,
  conditions: [{ kind: 'requiresJcbConsensus' }, CABINET_MEMBER_SPEND_CONDITION],
  validFrom: new Date('2017-10-01T00:00:00Z'),
  validUntil: new Date('2018-05-31T23:00:00Z'),
  revokedAt: null,
  grantedUnderDelegationId: null,
  reference: 'Executive Scheme of Delegation, JCB (report para 28)',
};

const ALL_THREE = ['cab-1', 'cab-2', 'cab-3'];
function decision(overrides: Partial<ProposedDecision> = {}): ProposedDecision {
  return {
    kind: SCOPE,
    amount: 1_500_000,
    proposerPersonId: 'officer-commissioner',
    deciderPersonId: 'cab-1',
    deciderOfficeIds: ['office-cabinet-health'],
    at: new Date('2017-10-18T11:00:00Z'),
    evidence: { jcbConsensus: true, cabinetMembersAgreeing: ALL_THREE },
    ...overrides,
  };
}
const check = (d: Partial<ProposedDecision> = {}, del: Partial<Delegation> = {}) =>
  checkDecisionUnderDelegation({ ...cabinetMemberDelegation, ...del }, decision(d));

describe('checkDecisionUnderDelegation: the seed’s Cabinet member limit (£2M, all 3 agreeing)', () => {
  it('allows £1.5M after JCB consensus with all 3 Cabinet members agreeing, and explains every check', () => {
    expect(check()).toEqual({
      ok: true,
      explanation: [
        'delegation Executive Scheme of Delegation, JCB (report para 28) from Cabinet to the holder of the office Cabinet Member for Health and Sustainable Living',
        'the decider is the holder of the office Cabinet Member for Health and Sustainable Living: met',
        'it was made by the grantor in its own right, not by a delegate: met',
        'in force on Wed 18 Oct 2017; decision on Wed 18 Oct 2017: met',
        'decision kind "better-care-commissioning" is within its scope (better-care-commissioning): met',
        '£1,500,000 against a limit of £2,000,000: met',
        'condition: the Joint Commissioning Board has reached consensus; consensus recorded: met',
        'condition: all 3 Cabinet members on the Board agree; 3 of 3 agree: met',
        'the decider did not propose it: met',
        'may be decided under this delegation',
      ],
    });
  });

  it.each([
    [2_000_000, true],
    [1_999_999.99, true],
    [2_000_000.01, false],
    [2_500_000, false],
  ])('treats £%d against the £2M limit as allowed: %s', (amount, ok) => {
    const r = check({ amount });
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.code).toBe('OVER_LIMIT');
  });

  it('refuses £2.5M by a Cabinet member with the limit in the explanation', () => {
    const r = check({ amount: 2_500_000 });
    expect(r).toMatchObject({ ok: false, code: 'OVER_LIMIT', codes: ['OVER_LIMIT'] });
    expect(r.explanation).toContain('£2,500,000 against a limit of £2,000,000: not met');
    expect(r.explanation.at(-1)).toBe('refused: OVER_LIMIT');
  });

  it('refuses £1.5M agreed by only 2 of the 3 Cabinet members', () => {
    const r = check({
      evidence: { jcbConsensus: true, cabinetMembersAgreeing: ['cab-1', 'cab-2'] },
    });
    expect(r).toMatchObject({ ok: false, code: 'CONDITION_NOT_MET' });
    expect(r.explanation).toContain(
      'condition: all 3 Cabinet members on the Board agree; 2 of 3 agree: not met',
    );
  });

  it('does not count the same Cabinet member twice', () => {
    const r = check({
      evidence: { jcbConsensus: true, cabinetMembersAgreeing: ['cab-1', 'cab-1', 'cab-2'] },
    });
    expect(r.ok ? null : r.code).toBe('CONDITION_NOT_MET');
  });

  it('refuses a decision without JCB consensus', () => {
    const r = check({ evidence: { jcbConsensus: false, cabinetMembersAgreeing: ALL_THREE } });
    expect(r.ok ? null : r.code).toBe('CONDITION_NOT_MET');
    expect(r.explanation).toContain(
      'condition: the Joint Commissioning Board has reached consensus; no consensus recorded: not met',
    );
  });
});

describe('checkDecisionUnderDelegation: every refusal has a stable code', () => {
  it.each<[string, Partial<ProposedDecision>, Partial<Delegation>, string, string]>([
    [
      'a decision outside scope',
      { kind: 'land-disposal' },
      {},
      'OUTSIDE_SCOPE',
      'decision kind "land-disposal" is not within its scope (better-care-commissioning): not met',
    ],
    [
      'a decision before the delegation starts',
      { at: new Date('2017-09-30T10:00:00Z') },
      {},
      'NOT_IN_FORCE',
      'not in force until Sun 1 Oct 2017; decision on Sat 30 Sep 2017: not met',
    ],
    [
      'a decision after it ends',
      { at: new Date('2018-06-01T10:00:00Z') },
      {},
      'NOT_IN_FORCE',
      'ended Fri 1 Jun 2018; decision on Fri 1 Jun 2018: not met',
    ],
    [
      'a decision after it was revoked',
      {},
      { revokedAt: new Date('2017-10-17T09:00:00Z') },
      'NOT_IN_FORCE',
      'revoked Tue 17 Oct 2017; decision on Wed 18 Oct 2017: not met',
    ],
    [
      'a decision under a delegation made by a delegate',
      {},
      { grantedUnderDelegationId: 'del-parent' },
      'CASCADE_FORBIDDEN',
      'it was made under delegation del-parent; a delegate may not delegate again: not met',
    ],
    [
      'the delegate approving their own proposal',
      { proposerPersonId: 'cab-1' },
      {},
      'SELF_APPROVAL',
      'the decider proposed this decision and may not approve their own proposal: not met',
    ],
    [
      'someone who does not hold the office',
      { deciderPersonId: 'cab-2', deciderOfficeIds: ['office-cabinet-finance'] },
      {},
      'NOT_THE_DELEGATE',
      'the decider is not the holder of the office Cabinet Member for Health and Sustainable Living: not met',
    ],
    [
      'a negative amount',
      { amount: -5 },
      {},
      'INVALID_AMOUNT',
      'the amount -5 is not a sum of money: not met',
    ],
  ])('refuses %s', (_what, d, del, code, line) => {
    const r = check(d, del);
    expect(r.ok ? null : r.code).toBe(code);
    expect(r.explanation).toContain(line);
  });

  it('lists every failed check, with the first as the code', () => {
    const r = check({ amount: 3_000_000, proposerPersonId: 'cab-1', kind: 'land-disposal' });
    expect(r).toMatchObject({
      ok: false,
      code: 'OUTSIDE_SCOPE',
      codes: ['OUTSIDE_SCOPE', 'OVER_LIMIT', 'SELF_APPROVAL'],
    });
  });

  it('checks a named person as delegate by person id', () => {
    const del: Partial<Delegation> = {
      delegate: { kind: 'person', personId: 'dir-ccg', name: 'the CCG Director of Quality' },
      amountLimit: null,
      conditions: [{ kind: 'requiresJcbConsensus' }],
    };
    expect(
      check({ deciderPersonId: 'dir-ccg', deciderOfficeIds: [], amount: 9_000_000 }, del).ok,
    ).toBe(true);
    expect(check({ deciderPersonId: 'cab-1' }, del).ok).toBe(false);
  });

  it('lets a decision that commits no money through a financial limit', () => {
    expect(check({ amount: null }).ok).toBe(true);
  });

  it('formats pounds the way a council writes them', () => {
    expect(formatPounds(2_000_000)).toBe('£2,000,000');
    expect(formatPounds(1_234.5)).toBe('£1,234.5');
  });
});

// ---- properties ----

const scenario = fc.record({
  amount: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: null }),
  agreeing: fc.subarray(ALL_THREE),
  consensus: fc.boolean(),
  inScope: fc.boolean(),
  dayOffset: fc.integer({ min: -60, max: 300 }),
  self: fc.boolean(),
  cascade: fc.boolean(),
  isDelegate: fc.boolean(),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function run(s: Scenario) {
  return check(
    {
      amount: s.amount,
      kind: s.inScope ? SCOPE : 'other',
      at: new Date(Date.UTC(2017, 9, 1, 12) + s.dayOffset * 86_400_000),
      proposerPersonId: s.self ? 'cab-1' : 'officer',
      deciderOfficeIds: s.isDelegate ? ['office-cabinet-health'] : [],
      evidence: { jcbConsensus: s.consensus, cabinetMembersAgreeing: s.agreeing },
    },
    { grantedUnderDelegationId: s.cascade ? 'del-parent' : null },
  );
}

describe('checkDecisionUnderDelegation: properties', () => {
  it('allows a decision exactly when every rule holds', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const inForce = s.dayOffset >= 0 && s.dayOffset < 243;
        const expected =
          (s.amount ?? 0) <= 2_000_000 &&
          s.agreeing.length === 3 &&
          s.consensus &&
          s.inScope &&
          inForce &&
          !s.self &&
          !s.cascade &&
          s.isDelegate;
        return run(s).ok === expected;
      }),
    );
  });

  it('never allows a larger sum where a smaller one was refused for the limit', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 1_000_000 }), (s, more) => {
        fc.pre(s.amount !== null);
        const smaller = run(s);
        const larger = run({ ...s, amount: (s.amount ?? 0) + more });
        return smaller.ok || !larger.ok;
      }),
    );
  });

  it('always refuses self-approval, whatever else holds', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const r = run({ ...s, self: true });
        return !r.ok && r.codes.includes('SELF_APPROVAL');
      }),
    );
  });

  it('always explains: one line per check, a refusal code that is the first of its codes', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const r = run(s);
        const checks = r.explanation.filter((l) => /: (met|not met)$/.test(l));
        if (r.ok) return checks.every((l) => l.endsWith(': met'));
        return (
          r.code === r.codes[0] &&
          checks.filter((l) => l.endsWith('not met')).length >= r.codes.length
        );
      }),
    );
  });
});
