import {
  bodyRulesSchema,
  hwbbRules,
  jcbRules,
  seatCategoriesUnder,
  type BodyRulesInput,
} from './body-rules.schema';
import { decideMajority, decideVote } from './consensus.service';
import { checkNotices } from './notices.service';
import { assessQuorum, HWBB_QUORUM, JCB_QUORUM } from './quorum.service';
import { ruleSettings } from './council-settings.service';

const none = { council: null, ccg: null, healthwatch: null };

/** Cabinet (invented for the test): 6 members, quorate with 3 including an elected member. */
const cabinet: BodyRulesInput = {
  constituencies: [{ key: 'executive', name: 'The Executive' }],
  quorum: {
    source: 'Executive procedure rules 4.2',
    total: 3,
    minimums: [{ category: 'elected', min: 1, label: 'elected members' }],
  },
  decision: { kind: 'majority', source: 'Executive procedure rules 6.1' },
  notices: {
    reportClearDays: 10,
    keyDecisionNoticeClearDays: 28,
    privateNoticeClearDays: 28,
    source: 'Executive procedure rules 2.3',
  },
  substitutes: { kind: 'named', source: 'Executive procedure rules 3.1' },
  delegation: { allowed: true, source: 'Constitution Part 3' },
};

const problemsOf = (input: unknown) => {
  const r = bodyRulesSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('a body’s rules as data', () => {
  it('keeps the HWBB and JCB rules the code applied before, with their sources', () => {
    const hwbb = bodyRulesSchema.parse(hwbbRules(none));
    const jcb = bodyRulesSchema.parse(jcbRules(none));
    expect(hwbb.quorum).toEqual({
      source: HWBB_QUORUM.source,
      total: 3,
      minimums: HWBB_QUORUM.minimums,
    });
    expect(jcb.quorum).toEqual({
      source: JCB_QUORUM.source,
      total: 4,
      minimums: JCB_QUORUM.minimums,
    });
    expect(jcb.decision).toMatchObject({ kind: 'consensus', blocs: ['council', 'ccg'] });
    expect(hwbb.decision).toMatchObject({ kind: 'consensus', blocs: [] });
    expect(jcb.substitutes.kind).toBe('named');
    expect(jcbRules(none, 'partnerDeputies').substitutes.kind).toBe('partnerDeputies');
  });

  it('takes a body with a rule of its own: a Cabinet deciding by majority', () => {
    expect(problemsOf(cabinet)).toEqual([]);
  });

  it('names each field to fix in a rule that cannot be applied', () => {
    expect(
      problemsOf({
        ...cabinet,
        constituencies: [
          { key: 'council', name: 'Council', categories: ['elected'] },
          { key: 'council', name: 'Council again' },
        ],
        quorum: {
          source: 'x',
          total: 0,
          minimums: [
            { category: 'health', min: 1, label: 'health members' },
            { category: 'council', min: 1, label: 'a' },
            { category: 'council', min: 2, label: 'b' },
          ],
        },
        decision: { kind: 'consensus', blocs: ['ccg'], source: 'ToR 8.1' },
        notices: { ...cabinet.notices, reportClearDays: 3 },
      }),
    ).toEqual([
      'quorum.total: quorum.total is at least 1',
      'notices.reportClearDays: notices.reportClearDays is at least 5 (a body may ask for more notice than the 2012 Regulations, never less)',
      'constituencies.0.categories.0: elected is read from each person (an elected member), not given to a constituency: remove it',
      'constituencies.1.key: the constituency "council" is listed twice: give each its own key',
      'quorum.minimums.0.category: "health" is not a constituency, a constituency’s category or elected: name one of council, elected',
      'quorum.minimums.2.category: "council" has two minimums: give each category one',
      'decision.blocs.0: "ccg" is not one of the body’s constituencies (council)',
    ]);
    expect(problemsOf({ ...cabinet, decision: { kind: 'vote', source: 'x' } })).toEqual([
      'decision.kind: decision.kind is consensus or majority',
    ]);
    expect(problemsOf({ ...cabinet, source: 'somewhere' })).toEqual([
      ': Unrecognized key: "source"',
    ]);
  });

  it('counts a seat toward the categories its body’s quorum counts, elected from the person', () => {
    const hwbb = hwbbRules(none);
    expect(seatCategoriesUnder(hwbb, 'council', true)).toEqual(['elected']);
    expect(seatCategoriesUnder(hwbb, 'council', false)).toEqual([]);
    expect(seatCategoriesUnder(hwbb, 'ccg', false)).toEqual(['health']);
    // The JCB counts sides, not elected members.
    expect(seatCategoriesUnder(jcbRules(none), 'council', true)).toEqual([]);
  });

  it('finds a Cabinet of officers inquorate for want of an elected member', () => {
    const rules = bodyRulesSchema.parse(cabinet);
    const members = ['a', 'b', 'c', 'd'].map((id, i) => ({
      personId: id,
      name: id.toUpperCase(),
      categories: seatCategoriesUnder(rules, 'executive', i === 3),
      partner: 'executive',
    }));
    const rule = { body: 'Cabinet', ...rules.quorum };
    const present = (ids: string[]) =>
      members.map((m) => ({
        personId: m.personId,
        name: m.name,
        status: ids.includes(m.personId) ? ('present' as const) : ('apologies' as const),
      }));
    expect(assessQuorum(rule, members, present(['a', 'b', 'c']))).toMatchObject({
      quorate: false,
      explanation: expect.arrayContaining([
        'elected members present and counted: 0, at least 1 needed: not met',
      ]),
    });
    expect(assessQuorum(rule, members, present(['a', 'b', 'd']))).toMatchObject({ quorate: true });
  });

  it('asks for the body’s own longer notice, quoting where it comes from', () => {
    const rules = bodyRulesSchema.parse(cabinet);
    const facts = {
      itemTitle: 'Leisure contract',
      meetingOn: '2025-09-18',
      keyDecision: false,
      forwardPlanPublishedOn: null,
      generalException: null,
      specialUrgency: null,
      reportPublishedOn: '2025-09-08',
      lateItemSpecialCircumstances: null,
      privateItem: null,
    };
    const { calendar } = ruleSettings({});
    expect(checkNotices(facts, calendar).verdicts[1].code).toBe('REPORT_ON_TIME');
    const own = checkNotices(facts, calendar, rules.notices).verdicts[1];
    expect(own.code).toBe('REPORT_LATE');
    expect(own.explanation[1]).toBe(
      'the body’s own rule asks for 10 clear days (Executive procedure rules 2.3)',
    );
  });
});

describe('a majority vote', () => {
  const roll = ['a', 'b', 'c', 'd'].map((id) => ({
    personId: id,
    name: id.toUpperCase(),
    seatPersonId: id,
    categories: [],
    present: true,
    excludedByInterest: false,
    counted: true,
  }));
  const quorum = { quorate: true, roll };
  const hands = (h: string[]) =>
    h.map((hand, i) => ({
      personId: roll[i].personId,
      hand: hand as 'for' | 'against' | 'abstain',
    }));

  it('carries a motion with more for than against, abstentions aside', () => {
    const r = decideMajority({
      quorum,
      hands: hands(['for', 'for', 'against', 'abstain']),
      source: 'Executive procedure rules 6.1',
    });
    expect(r).toMatchObject({
      ok: true,
      outcome: 'carried',
      tally: { for: 2, against: 1, abstain: 1 },
    });
    if (r.ok)
      expect(r.explanation[0]).toBe('decided by a simple majority (Executive procedure rules 6.1)');
  });

  it('wants the casting vote of the person presiding on a tie, and takes no choice of the Chair to defer', () => {
    expect(
      decideVote(
        { kind: 'majority', source: 'EPR 6.1' },
        { quorum, hands: hands(['for', 'for', 'against', 'against']) },
      ),
    ).toMatchObject({ ok: false, code: 'CASTING_VOTE_REQUIRED' });
    expect(
      decideVote(
        { kind: 'majority', source: 'EPR 6.1' },
        {
          quorum,
          hands: hands(['for', 'against', 'against', 'against']),
          chairChoice: { outcome: 'deferred', consultedThosePresent: true },
        },
      ),
    ).toMatchObject({ ok: false, code: 'CHAIR_CHOICE_NOT_UNDER_MAJORITY' });
  });

  it('refuses a vote missing a hand, as consensus does', () => {
    expect(
      decideMajority({ quorum, hands: hands(['for', 'for', 'for']), source: 'EPR 6.1' }),
    ).toMatchObject({ ok: false, code: 'VOTE_MISSING' });
  });
});
