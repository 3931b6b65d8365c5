import { describeDay } from './clear-days.service';
import { refuse, type Refusal } from './governance.errors';

/**
 * Who sits on a body, and when: a person holds one seat on a body at a time, and a body has one
 * chair and one vice-chair at a time (the HWBB elects both each municipal year; the JCB's chair
 * rotates between the partners, the vice-chair from the other, ToR 7.3). Terms run from their first
 * day to their last day inclusive; annual appointments end at the next annual meeting. Pure: the
 * caller reads the body's other terms.
 */

export type MembershipRole = 'chair' | 'vice_chair' | 'member' | 'co_opted' | 'non_voting';

export const MEMBERSHIP_ROLE_NAMES: Record<MembershipRole, string> = {
  chair: 'chair',
  vice_chair: 'vice-chair',
  member: 'member',
  co_opted: 'co-opted member',
  non_voting: 'non-voting member',
};

export interface Term {
  /** Absent for a term not yet written. */
  id?: string;
  personId: string;
  personName: string;
  role: MembershipRole;
  validFrom: string;
  /** The last day of the term; null: no end set. */
  validUntil: string | null;
}

export type TermRefusalCode =
  'OVERLAPPING_TERMS' | 'TWO_CHAIRS_AT_ONCE' | 'TWO_VICE_CHAIRS_AT_ONCE';

/** "from Thu 1 May 2025 until Thu 30 Apr 2026", or "from Thu 1 May 2025 with no end". */
export function describeTerm(t: Pick<Term, 'validFrom' | 'validUntil'>): string {
  return `from ${describeDay(t.validFrom)} ${
    t.validUntil ? `until ${describeDay(t.validUntil)}` : 'with no end'
  }`;
}

export function termsOverlap(
  a: Pick<Term, 'validFrom' | 'validUntil'>,
  b: Pick<Term, 'validFrom' | 'validUntil'>,
): boolean {
  return (
    (a.validUntil === null || a.validUntil >= b.validFrom) &&
    (b.validUntil === null || b.validUntil >= a.validFrom)
  );
}

/** Refuses a term that overlaps the same person's seat, or a second chair or vice-chair at once. */
export function checkTerm(
  bodyName: string,
  term: Term,
  others: Term[],
): { ok: true } | Refusal<TermRefusalCode> {
  const rivals = others.filter((o) => o.id === undefined || o.id !== term.id);
  const own = rivals.find((o) => o.personId === term.personId && termsOverlap(o, term));
  if (own)
    return refuse('OVERLAPPING_TERMS', [
      `${term.personName} already holds a seat on the ${bodyName} ${describeTerm(own)}, which overlaps the term ${describeTerm(term)}: one person holds one seat at a time; end the earlier term first or start this one after it`,
    ]);
  for (const [role, code] of [
    ['chair', 'TWO_CHAIRS_AT_ONCE'],
    ['vice_chair', 'TWO_VICE_CHAIRS_AT_ONCE'],
  ] as const) {
    if (term.role !== role) continue;
    const other = rivals.find((o) => o.role === role && termsOverlap(o, term));
    if (other)
      return refuse(code, [
        `${other.personName} is ${MEMBERSHIP_ROLE_NAMES[role]} of the ${bodyName} ${describeTerm(other)}, which overlaps ${term.personName}’s term ${describeTerm(term)}: a body has one ${MEMBERSHIP_ROLE_NAMES[role]} at a time`,
      ]);
  }
  return { ok: true };
}
