import type { BodyKind } from '../../../../libs/directory/body.entity';
import type { BodyRules } from '../../../../libs/governance/body-rules.schema';
import { ELECTED_CATEGORY } from '../../../../libs/governance/body-rules.schema';
import type { MembershipRole } from '../../../../libs/governance/membership-terms.service';
import { dateInWords } from '../../../../libs/notifications/email-message.service';

/** Bodies, their rules and their seats in people's words, for the directory's pages. */

export const BODY_KIND_WORDS: Record<BodyKind, string> = {
  hwbb: 'Health and Wellbeing Board',
  jcb: 'Joint Commissioning Board',
  cpb: 'Commissioning Partnership Board',
  group: 'Group or panel',
  cabinet: 'Cabinet',
  council: 'Full Council',
  committee: 'Committee',
  partnership_board: 'Partnership board',
};

export const ROLE_WORDS: Record<MembershipRole, string> = {
  chair: 'Chair',
  vice_chair: 'Vice-chair',
  member: 'Member',
  co_opted: 'Co-opted member',
  non_voting: 'Non-voting member',
};

/** A key ("health", "public-health") as words: "health", "public health". */
export function keyInWords(key: string): string {
  return key.replace(/[-_]+/g, ' ');
}

/** A term in words: "from Thursday 21 May 2026 until Wednesday 19 May 2027". */
export function termInWords(from: string, until: string | null): string {
  return `from ${dateInWords(from)} ${until ? `until ${dateInWords(until)}` : 'with no end date'}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function list(items: string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The name of what a quorum minimum counts: a constituency, a category or elected members. */
export function categoryInWords(rules: BodyRules, category: string): string {
  if (category === ELECTED_CATEGORY) return 'elected members';
  const c = rules.constituencies.find((x) => x.key === category);
  return c ? c.name : keyInWords(category);
}

export interface RuleInWords {
  heading: string;
  text: string[];
  source: string;
}

/** Each of a body's rules as a sentence or two, with its terms-of-reference source. */
export function rulesInWords(
  rules: BodyRules,
  organisationName: (id: string | null) => string | null,
): RuleInWords[] {
  const constituencies = rules.constituencies.map((c) => {
    const org = organisationName(c.organisationId);
    const groups = c.categories.length ? `; counts as ${list(c.categories.map(keyInWords))}` : '';
    return `${c.name}: ${org ? `seats represent ${org}` : 'seats represent no organisation'}${groups}`;
  });
  const q = rules.quorum;
  const minimums = q.minimums.map(
    (m) => `at least ${m.min} ${m.min === 1 ? m.label.replace(/\bmembers\b/, 'member') : m.label}`,
  );
  const d = rules.decision;
  const blocs = d.kind === 'consensus' ? d.blocs : [];
  const n = rules.notices;
  return [
    {
      heading: 'Constituencies and partners',
      text: constituencies.length
        ? constituencies
        : ['None: seats do not represent a constituency.'],
      source: 'the body’s terms of reference',
    },
    {
      heading: 'Quorum',
      text: [
        `At least ${plural(q.total, 'member')} present${minimums.length ? `, including ${list(minimums)}` : ''}.`,
      ],
      source: q.source,
    },
    {
      heading: 'How it decides',
      text: [
        d.kind === 'majority'
          ? 'By a majority of the votes of the voting members present.'
          : blocs.length
            ? `By consensus of the partners: ${list(blocs.map((b) => categoryInWords(rules, b)))} must each agree.`
            : 'By consensus: every eligible member present must agree.',
      ],
      source: d.source,
    },
    {
      heading: 'Notice',
      text: [
        `Reports are published at least ${plural(n.reportClearDays, 'clear day')} before the meeting.`,
        `A key decision is given at least ${plural(n.keyDecisionNoticeClearDays, 'clear day')}’ notice.`,
        `A meeting in private is given at least ${plural(n.privateNoticeClearDays, 'clear day')}’ notice.`,
      ],
      source: n.source,
    },
    {
      heading: 'Substitutes',
      text: [
        rules.substitutes.kind === 'named'
          ? 'Only the substitutes named for a seat may sit in its member’s place.'
          : 'Any person of the organisation a seat represents who holds no seat may sit as a deputy.',
      ],
      source: rules.substitutes.source,
    },
    {
      heading: 'Delegation',
      text: [
        rules.delegation.allowed
          ? 'The body may delegate decisions to an office of the council.'
          : 'The body may not delegate its decisions.',
      ],
      source: rules.delegation.source,
    },
  ];
}
