import { z } from 'zod';
import {
  KEY_DECISION_NOTICE_CLEAR_DAYS,
  PRIVATE_NOTICE_CLEAR_DAYS,
  REPORT_CLEAR_DAYS,
} from './notices.service';
import { HWBB_QUORUM, JCB_QUORUM, type QuorumRule } from './quorum.service';

/**
 * A body's rules as the council keeps them: its constituencies (the partners or sides its seats
 * represent, each tied to an organisation), its quorum, how it decides, the notice it gives, who
 * may sit for an absent member, and whether it may delegate; each with the terms-of-reference
 * reference it comes from, which every explanation quotes. Stored as JSON on the body and checked
 * here on every write, so the meaning of a rule lives in governance, not in the database.
 */

/**
 * The category a seat has from its person rather than its constituency: an elected member (a
 * councillor). A constituency cannot claim it, so an officer sitting for the council side never
 * counts toward an elected-member minimum.
 */
export const ELECTED_CATEGORY = 'elected';

const key = (what: string) =>
  z
    .string({ message: `give ${what}` })
    .trim()
    .regex(
      /^[a-z][A-Za-z0-9_-]{0,39}$/,
      `${what} is a short key: a lower-case letter, then letters, digits, - or _ (at most 40), e.g. council`,
    );
const words = (what: string, max = 200) =>
  z
    .string({ message: `give ${what}` })
    .trim()
    .min(1, `give ${what}`)
    .max(max, `keep ${what} under ${max} characters`);
const source = words('the reference the rule comes from, e.g. "JCB terms of reference 8.1"', 300);
const count = (what: string, min: number, max: number, why = '') =>
  z
    .number({ message: `${what} is a whole number` })
    .int(`${what} is a whole number`)
    .min(min, `${what} is at least ${min}${why}`)
    .max(max, `${what} is at most ${max}`);
const statute = ' (a body may ask for more notice than the 2012 Regulations, never less)';

export const constituencySchema = z
  .object({
    /** What seats name, and what quorum minimums and consensus blocs count: "council", "ccg". */
    key: key('the constituency key'),
    name: words('the constituency name'),
    /** The partner organisation the constituency's seats represent; null for none (e.g. co-opted). */
    organisationId: z
      .string()
      .uuid('organisationId is the id of an organisation of the council')
      .nullable()
      .default(null),
    /** Further categories its seats count toward, e.g. "health" on an HWBB. */
    categories: z.array(key('each category')).max(10).default([]),
  })
  .strict();

export const quorumSchema = z
  .object({
    source,
    total: count('quorum.total', 1, 500),
    minimums: z
      .array(
        z
          .object({
            /** A constituency key, a constituency's category, or "elected". */
            category: key('the minimum’s category'),
            min: count('the minimum', 1, 500),
            /** Plural words for the explanation: "elected members". */
            label: words('the minimum’s label, e.g. "elected members"', 100),
          })
          .strict(),
      )
      .max(20)
      .default([]),
  })
  .strict();

export const decisionRuleSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        kind: z.literal('consensus'),
        /** Constituencies that must each assent (every eligible member of the bloc present for). */
        blocs: z.array(key('each bloc')).max(10).default([]),
        source,
      })
      .strict(),
    z.object({ kind: z.literal('majority'), source }).strict(),
  ],
  { message: 'decision.kind is consensus or majority' },
);

export const noticeRulesSchema = z
  .object({
    reportClearDays: count('notices.reportClearDays', REPORT_CLEAR_DAYS, 60, statute),
    keyDecisionNoticeClearDays: count(
      'notices.keyDecisionNoticeClearDays',
      KEY_DECISION_NOTICE_CLEAR_DAYS,
      120,
      statute,
    ),
    privateNoticeClearDays: count(
      'notices.privateNoticeClearDays',
      PRIVATE_NOTICE_CLEAR_DAYS,
      120,
      statute,
    ),
    source,
  })
  .strict();

export const substitutesRuleSchema = z
  .object({
    /**
     * named: only the substitutes the scheme names for the seat, while named. partnerDeputies: any
     * person of the seat's organisation who holds no seat (a body whose terms let each partner
     * send any deputy).
     */
    kind: z.enum(['named', 'partnerDeputies'], {
      message: 'substitutes.kind is named or partnerDeputies',
    }),
    source,
  })
  .strict();

export const delegationRuleSchema = z
  .object({ allowed: z.boolean({ message: 'delegation.allowed is true or false' }), source })
  .strict();

/** The notice rules of the 2012 Regulations and the JCB's terms, which every body must at least give. */
export const STATUTORY_NOTICES: z.output<typeof noticeRulesSchema> = {
  reportClearDays: REPORT_CLEAR_DAYS,
  keyDecisionNoticeClearDays: KEY_DECISION_NOTICE_CLEAR_DAYS,
  privateNoticeClearDays: PRIVATE_NOTICE_CLEAR_DAYS,
  source: '2012 Regulations regs 5, 7 and 9; JCB terms of reference 6.8-6.10 (seed 002)',
};

export const bodyRulesSchema = z
  .object({
    constituencies: z.array(constituencySchema).max(20).default([]),
    quorum: quorumSchema,
    decision: decisionRuleSchema,
    /** By default the statutory periods. */
    notices: noticeRulesSchema.default(STATUTORY_NOTICES),
    /** By default only the substitutes a scheme names for each seat. */
    substitutes: substitutesRuleSchema.default({
      kind: 'named',
      source: 'the body’s substitution scheme',
    }),
    /** By default a body does not delegate until its rules say it may. */
    delegation: delegationRuleSchema.default({
      allowed: false,
      source: 'no power to delegate is recorded for the body',
    }),
  })
  .strict()
  .superRefine((r, ctx) => {
    const keys = new Set<string>();
    r.constituencies.forEach((c, i) => {
      if (keys.has(c.key))
        ctx.addIssue({
          code: 'custom',
          path: ['constituencies', i, 'key'],
          message: `the constituency "${c.key}" is listed twice: give each its own key`,
        });
      keys.add(c.key);
      c.categories.forEach((cat, j) => {
        if (cat === ELECTED_CATEGORY)
          ctx.addIssue({
            code: 'custom',
            path: ['constituencies', i, 'categories', j],
            message:
              'elected is read from each person (an elected member), not given to a constituency: remove it',
          });
      });
    });
    const known = new Set([
      ...keys,
      ...r.constituencies.flatMap((c) => c.categories),
      ELECTED_CATEGORY,
    ]);
    const counted = new Set<string>();
    r.quorum.minimums.forEach((m, i) => {
      if (!known.has(m.category))
        ctx.addIssue({
          code: 'custom',
          path: ['quorum', 'minimums', i, 'category'],
          message: `"${m.category}" is not a constituency, a constituency’s category or elected: name one of ${[...known].join(', ')}`,
        });
      if (counted.has(m.category))
        ctx.addIssue({
          code: 'custom',
          path: ['quorum', 'minimums', i, 'category'],
          message: `"${m.category}" has two minimums: give each category one`,
        });
      counted.add(m.category);
    });
    if (r.decision.kind === 'consensus')
      r.decision.blocs.forEach((b, i) => {
        if (!keys.has(b))
          ctx.addIssue({
            code: 'custom',
            path: ['decision', 'blocs', i],
            message: `"${b}" is not one of the body’s constituencies (${[...keys].join(', ') || 'none'})`,
          });
      });
  });

export type BodyRules = z.infer<typeof bodyRulesSchema>;
export type BodyRulesInput = z.input<typeof bodyRulesSchema>;
export type Constituency = z.infer<typeof constituencySchema>;
export type DecisionRule = z.infer<typeof decisionRuleSchema>;
export type NoticeRules = z.infer<typeof noticeRulesSchema>;
export type SubstitutesRule = z.infer<typeof substitutesRuleSchema>;

/** The quorum rule as the quorum service takes it, in the body's name. */
export function quorumRuleOf(bodyName: string, rules: BodyRules): QuorumRule {
  return {
    body: bodyName,
    source: rules.quorum.source,
    total: rules.quorum.total,
    minimums: rules.quorum.minimums,
  };
}

/** The blocs that must each assent under a consensus rule; none under a majority. */
export function consensusBlocs(rules: BodyRules): string[] {
  return rules.decision.kind === 'consensus' ? rules.decision.blocs : [];
}

/**
 * The categories a seat counts toward under the body's quorum: its constituency's categories and,
 * for an elected member, "elected", kept to those the quorum counts (an explanation line says what
 * a member counts as for this body, not everything they are).
 */
export function seatCategoriesUnder(
  rules: BodyRules,
  constituencyKey: string | null,
  electedMember: boolean,
): string[] {
  const counted = new Set(rules.quorum.minimums.map((m) => m.category));
  const constituency = rules.constituencies.find((c) => c.key === constituencyKey);
  const all = [...(electedMember ? [ELECTED_CATEGORY] : []), ...(constituency?.categories ?? [])];
  return all.filter((c) => counted.has(c));
}

type OrganisationIds<K extends string> = Record<K, string | null>;

/**
 * The Health and Wellbeing Board's rules (seed 002): the front sheet's quorum of 3 appointed
 * members including an elected member, a member from health and one from Healthwatch; decisions
 * by every eligible member present (no partner blocs); the board may delegate to an officer
 * (item 7, para 12).
 */
export function hwbbRules(
  orgs: OrganisationIds<'council' | 'ccg' | 'healthwatch'>,
  substitutes: SubstitutesRule['kind'] = 'named',
): BodyRules {
  return {
    constituencies: [
      { key: 'council', name: 'Council', organisationId: orgs.council, categories: [] },
      { key: 'ccg', name: 'Health', organisationId: orgs.ccg, categories: ['health'] },
      {
        key: 'healthwatch',
        name: 'Healthwatch',
        organisationId: orgs.healthwatch,
        categories: ['healthwatch'],
      },
    ],
    quorum: {
      source: HWBB_QUORUM.source,
      total: HWBB_QUORUM.total,
      minimums: HWBB_QUORUM.minimums,
    },
    decision: {
      kind: 'consensus',
      blocs: [],
      source: 'HWBB: every eligible member present supports (no partner blocs)',
    },
    notices: STATUTORY_NOTICES,
    substitutes: {
      kind: substitutes,
      source:
        substitutes === 'named'
          ? 'HWBB: substitutes as the board appoints them'
          : 'HWBB: a deputy of the organisation the seat represents',
    },
    delegation: {
      allowed: true,
      source: 'HWBB terms of reference: the board may delegate authority to an officer (seed 002)',
    },
  };
}

/**
 * The Joint Commissioning Board's rules (seed 002, draft terms of reference): council and CCG sides
 * (7.1), quorate with 4 present and 2 from each side (8.1), consensus of both partners by a show of
 * hands (8.1-8.3), substitutes under the scheme both partners agree (7.1).
 */
export function jcbRules(
  orgs: OrganisationIds<'council' | 'ccg'>,
  substitutes: SubstitutesRule['kind'] = 'named',
): BodyRules {
  return {
    constituencies: [
      { key: 'council', name: 'Council (Cabinet)', organisationId: orgs.council, categories: [] },
      { key: 'ccg', name: 'CCG Governing Body', organisationId: orgs.ccg, categories: [] },
    ],
    quorum: { source: JCB_QUORUM.source, total: JCB_QUORUM.total, minimums: JCB_QUORUM.minimums },
    decision: {
      kind: 'consensus',
      blocs: ['council', 'ccg'],
      source: 'JCB terms of reference 8.1-8.3 (seed 002)',
    },
    notices: STATUTORY_NOTICES,
    substitutes: {
      kind: substitutes,
      source:
        substitutes === 'named'
          ? 'JCB terms of reference 7.1 (seed 002), the scheme both partners agreed'
          : 'JCB terms of reference 7.1: the partners’ nominated deputies (seed 002)',
    },
    delegation: {
      allowed: true,
      source:
        'JCB terms of reference 1.5, 8.4: decisions under delegation taken by the member who holds it (seed 002)',
    },
  };
}
