import type { EntityManager } from 'typeorm';
import { tenantScope } from '../../core/tenant-scope';
import { z } from 'zod';
import { GovernanceRuleError, InvalidInputError } from '../../errors/domain.errors';
import { describeDay } from '../../governance/clear-days.service';
import { checkTerm, type MembershipRole } from '../../governance/membership-terms.service';
import type { BodyRecord } from '../body.repository';
import type {
  MembershipRecord,
  MembershipRepository,
  MembershipWrite,
} from '../membership.repository';
import type { PersonRepository } from '../person.repository';
import { directoryDate, expectedVersion, uuidOf } from './directory-input.service';

export const MEMBERSHIP_ROLES = [
  'chair',
  'vice_chair',
  'member',
  'co_opted',
  'non_voting',
] as const satisfies readonly MembershipRole[];

const role = z.enum(MEMBERSHIP_ROLES, {
  message: 'role is chair, vice_chair, member, co_opted or non_voting',
});
const constituency = z
  .string({ message: 'constituency is the key of one of the body’s constituencies' })
  .trim()
  .min(1, 'constituency is the key of one of the body’s constituencies')
  .max(40, 'constituency is the key of one of the body’s constituencies');
const voting = z.boolean({ message: 'voting is true or false' });
const source = z
  .string({ message: 'source is text, like HWBB terms of reference 4.2' })
  .trim()
  .max(200, 'use at most 200 characters for the source')
  .transform((s) => s || null)
  .describe(
    'the terms of reference, constitution or minute that appoints the seat, e.g. "Council 21 May 2026, minute 12"',
  );
const lastDay = directoryDate.describe(
  'the last day of the term (an annual appointment: the day of the next annual meeting)',
);

export const newMembershipSchema = z
  .object({
    personId: uuidOf('personId'),
    constituency: constituency.nullable().default(null),
    role: role.default('member'),
    voting: voting.optional().describe('defaults to false for non_voting, true for any other role'),
    validFrom: directoryDate.describe('the first day of the term'),
    validUntil: lastDay.nullable().default(null),
    source: source.nullable().default(null),
  })
  .strict();

export const membershipChangeSchema = z
  .object({
    expectedVersion,
    constituency: constituency.nullable().optional(),
    role: role.optional(),
    voting: voting.optional(),
    validFrom: directoryDate.optional(),
    validUntil: lastDay.nullable().optional(),
    source: source.nullable().optional(),
  })
  .strict();

export const membershipEndSchema = z
  .object({ expectedVersion, on: lastDay.describe('the last day of the term') })
  .strict();

/**
 * What a seat must be, whoever writes it: a person of the council who has not left before it
 * begins, a constituency of the body's rules (whose organisation the seat then represents), a vote
 * unless non-voting, a last day on or after its first, and a term that overlaps neither the same
 * person's other seat on the body nor another chair's or vice-chair's (GovernanceRuleError naming
 * the dates). Returns the row to write.
 */
export async function checkMembership(
  repos: { people: PersonRepository; memberships: MembershipRepository },
  m: EntityManager,
  tenantId: string,
  body: BodyRecord,
  wanted: Omit<MembershipWrite, 'organisationId' | 'bodyId'>,
  /** The term being changed, if any: a seat for no constituency keeps the organisation it had. */
  before: MembershipRecord | null,
): Promise<MembershipWrite> {
  const id = before?.id ?? null;
  const problems: { path: string; message: string }[] = [];
  const person = await repos.people.find(tenantScope(tenantId), m, wanted.personId);
  if (!person)
    problems.push({ path: 'personId', message: 'choose a person of your council’s directory' });
  else if (person.leftOn && person.leftOn <= wanted.validFrom)
    problems.push({
      path: 'personId',
      message: `${person.name} left the council on ${describeDay(person.leftOn)}, before the term would start`,
    });
  const constituencies = body.rules?.constituencies ?? [];
  const seatFor = constituencies.find((c) => c.key === wanted.constituency);
  if (wanted.constituency !== null && !seatFor)
    problems.push({
      path: 'constituency',
      message:
        constituencies.length === 0
          ? `the ${body.name} has no constituencies in its rules: leave constituency out`
          : `choose one of the ${body.name}’s constituencies: ${constituencies.map((c) => c.key).join(', ')}`,
    });
  if (wanted.role === 'non_voting' && wanted.voting)
    problems.push({
      path: 'voting',
      message: 'a non_voting member does not vote: leave voting out',
    });
  if (wanted.validUntil !== null && wanted.validUntil < wanted.validFrom)
    problems.push({
      path: 'validUntil',
      message: `the last day of the term comes before its first day (${wanted.validFrom})`,
    });
  if (problems.length > 0)
    throw new InvalidInputError(
      'The membership is not valid: fix the fields listed in problems.',
      problems,
    );
  const others = await repos.memberships.ofBody(tenantScope(tenantId), m, body.id);
  const verdict = checkTerm(
    body.name,
    { ...wanted, id: id ?? undefined, personName: person!.name },
    others.map(termOf),
  );
  if (!verdict.ok)
    throw new GovernanceRuleError(
      verdict.code,
      `The membership cannot be recorded: ${verdict.explanation.join('; ')}. Nothing was changed.`,
      verdict.explanation,
    );
  const organisationId = seatFor
    ? seatFor.organisationId
    : wanted.constituency === null
      ? (before?.organisationId ?? null)
      : null;
  return { ...wanted, bodyId: body.id, organisationId };
}

function termOf(r: MembershipRecord) {
  return {
    id: r.id,
    personId: r.personId,
    personName: r.personName,
    role: r.role,
    validFrom: r.validFrom,
    validUntil: r.validUntil,
  };
}
