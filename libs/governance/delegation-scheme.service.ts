import { z } from 'zod';
import { describeDay } from './clear-days.service';
import { refuse, type Refusal } from './governance.errors';
import { londonDate } from './working-day-calendar.service';

/**
 * The scheme of delegation as the council keeps it: who may grant a delegation, and how it may be
 * amended or revoked. A body delegates only when its rules say it may; an office delegates only
 * powers of its own, never what was delegated to it (no cascade: seed 002, ToR 8.4, the decision
 * is the delegate's own); a delegation is to another office. History stands: what was in force
 * when someone acted stays as it was, so a delegation that has come into force keeps its start,
 * one that has ended or been revoked is not reopened, and no end or revocation is back-dated.
 * Pure: the caller reads the facts.
 */

export const delegationConditionSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('requiresJcbConsensus') }).strict(),
    z
      .object({
        kind: z.literal('unanimousCabinetMembers'),
        count: z
          .number({ message: 'count is the number of Cabinet members who must all agree' })
          .int('count is a whole number')
          .min(1, 'count is at least 1')
          .max(20, 'count is at most 20'),
      })
      .strict(),
  ],
  {
    message:
      'a condition is {kind: requiresJcbConsensus} or {kind: unanimousCabinetMembers, count}',
  },
);

/** A delegation's period and state, as the history rules read it. */
export interface DelegationPeriod {
  validFrom: Date;
  /** Exclusive: ended at this instant. */
  validUntil: Date | null;
  revokedAt: Date | null;
}

/** A delegation an office holds, as the cascade rule reads it. */
export interface HeldDelegation extends DelegationPeriod {
  scope: string;
  reference: string;
  grantorName: string;
}

export type Grantor =
  | { kind: 'body'; name: string; delegation: { allowed: boolean; source: string } | null }
  | {
      kind: 'office';
      officeId: string;
      title: string;
      /** Delegations made to this office (what it holds only by delegation). */
      holds: HeldDelegation[];
    };

export interface Grant extends DelegationPeriod {
  scope: string;
  delegate: {
    officeId: string;
    title: string;
    /** Delegations this office has itself made: granting it the same scope makes those a cascade. */
    delegatedOnward: HeldDelegation[];
  };
}

export type SchemeRefusalCode =
  | 'BODY_CANNOT_DELEGATE'
  | 'CASCADE_FORBIDDEN'
  | 'DELEGATION_TO_ITSELF'
  | 'DELEGATION_ENDED'
  | 'DELEGATION_REVOKED'
  | 'HISTORY_STANDS';

function overlaps(a: DelegationPeriod, b: DelegationPeriod): boolean {
  const endOf = (d: DelegationPeriod) => {
    const ends = [d.validUntil, d.revokedAt].filter((x): x is Date => x !== null);
    return ends.length === 0 ? Infinity : Math.min(...ends.map((x) => x.getTime()));
  };
  return a.validFrom.getTime() < endOf(b) && b.validFrom.getTime() < endOf(a);
}

function describeHeld(h: HeldDelegation): string {
  return `under delegation from the ${h.grantorName} (${h.reference}) from ${describeDay(londonDate(h.validFrom))}`;
}

/** Who may grant this delegation to whom: a body whose rules allow it, an office in its own right. */
export function checkGrant(
  grantor: Grantor,
  grant: Grant,
): { ok: true } | Refusal<SchemeRefusalCode> {
  if (grantor.kind === 'body') {
    if (!grantor.delegation)
      return refuse('BODY_CANNOT_DELEGATE', [
        `the ${grantor.name} has no rules in the council’s directory, so nothing says it may delegate: give it its rules first`,
      ]);
    if (!grantor.delegation.allowed)
      return refuse('BODY_CANNOT_DELEGATE', [
        `the ${grantor.name} may not delegate under its rules (${grantor.delegation.source})`,
      ]);
  } else {
    if (grantor.officeId === grant.delegate.officeId)
      return refuse('DELEGATION_TO_ITSELF', [
        `the ${grantor.title} cannot delegate to itself: name another office`,
      ]);
    const held = grantor.holds.find((h) => h.scope === grant.scope && overlaps(h, grant));
    if (held)
      return refuse('CASCADE_FORBIDDEN', [
        `the ${grantor.title} holds this power itself ${describeHeld(held)}: a delegate may not delegate onward what was delegated to it`,
      ]);
  }
  const onward = grant.delegate.delegatedOnward.find(
    (h) => h.scope === grant.scope && overlaps(h, grant),
  );
  if (onward)
    return refuse('CASCADE_FORBIDDEN', [
      `the ${grant.delegate.title} has itself delegated this power onward (${onward.reference}): a delegate may not delegate onward, so it cannot receive this power by delegation while that stands; revoke the onward delegation first`,
    ]);
  return { ok: true };
}

/**
 * An amendment keeps what was in force when anyone acted: a delegation revoked or ended is not
 * amended (grant a new one), one in force keeps its start, and a new end is not in the past.
 */
export function checkAmendment(
  before: DelegationPeriod,
  after: DelegationPeriod,
  now: Date,
): { ok: true } | Refusal<SchemeRefusalCode> {
  const day = (d: Date) => describeDay(londonDate(d));
  if (before.revokedAt)
    return refuse('DELEGATION_REVOKED', [
      `it was revoked on ${day(before.revokedAt)}: grant a new delegation instead`,
    ]);
  if (before.validUntil && before.validUntil <= now)
    return refuse('DELEGATION_ENDED', [
      `it ended on ${day(before.validUntil)}: grant a new delegation instead`,
    ]);
  if (before.validFrom.getTime() !== after.validFrom.getTime()) {
    if (before.validFrom <= now)
      return refuse('HISTORY_STANDS', [
        `it has been in force since ${day(before.validFrom)}: its start cannot move, since acts under it rely on it`,
      ]);
    if (londonDate(after.validFrom) < londonDate(now))
      return refuse('HISTORY_STANDS', [
        `a delegation cannot start in the past (${day(after.validFrom)}): start it today or later`,
      ]);
  }
  if (
    after.validUntil &&
    after.validUntil < now &&
    after.validUntil.getTime() !== before.validUntil?.getTime()
  )
    return refuse('HISTORY_STANDS', [
      `it cannot be ended in the past (${day(after.validUntil)}): end it today or later`,
    ]);
  return { ok: true };
}

/** A revocation takes effect now or later, never earlier, and only once. */
export function checkRevocation(
  d: DelegationPeriod,
  at: Date,
  now: Date,
): { ok: true } | Refusal<SchemeRefusalCode> {
  const day = (x: Date) => describeDay(londonDate(x));
  if (d.revokedAt)
    return refuse('DELEGATION_REVOKED', [`it was already revoked on ${day(d.revokedAt)}`]);
  if (d.validUntil && d.validUntil <= now)
    return refuse('DELEGATION_ENDED', [`it already ended on ${day(d.validUntil)}`]);
  if (at < now)
    return refuse('HISTORY_STANDS', [
      `a revocation cannot be back-dated to ${day(at)}: acts under the delegation before today stand`,
    ]);
  return { ok: true };
}
