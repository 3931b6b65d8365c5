import type { EntityManager } from 'typeorm';
import { tenantScope } from '../../core/tenant-scope';
import { z } from 'zod';
import { GovernanceRuleError, InvalidInputError } from '../../errors/domain.errors';
import { describeDay } from '../../governance/clear-days.service';
import { describeTerm, termsOverlap } from '../../governance/membership-terms.service';
import type { MembershipRecord } from '../membership.repository';
import type {
  MembershipSubstituteRepository,
  SubstituteRecord,
  SubstituteWrite,
} from '../membership-substitute.repository';
import type { PersonRepository } from '../person.repository';
import { directoryDate, expectedVersion, uuidOf } from './directory-input.service';

const reference = z
  .string({ message: 'give the reference where the partners agreed it, e.g. the minute' })
  .trim()
  .min(1, 'give the reference where the partners agreed it, e.g. the minute')
  .max(300, 'keep the reference under 300 characters');

export const newSubstituteSchema = z
  .object({
    personId: uuidOf('personId'),
    validFrom: directoryDate.describe('the first day the substitute may sit'),
    validUntil: directoryDate
      .nullable()
      .default(null)
      .describe('the last day; by default the seat’s last day'),
    reference,
  })
  .strict();

export const substituteChangeSchema = z
  .object({
    expectedVersion,
    validFrom: directoryDate.optional(),
    validUntil: directoryDate.nullable().optional(),
    reference: reference.optional(),
  })
  .strict();

export const substituteEndSchema = z
  .object({ expectedVersion, on: directoryDate.describe('the last day the substitute may sit') })
  .strict();

/**
 * What a named substitute must be: a person of the council who has not left before they are
 * named, not the seat's own member, named within the seat's term (by default to its last day),
 * and not named for the same seat twice at once. Returns the row to write.
 */
export async function checkSubstitute(
  repos: { people: PersonRepository; substitutes: MembershipSubstituteRepository },
  m: EntityManager,
  tenantId: string,
  seat: MembershipRecord,
  wanted: Omit<SubstituteWrite, 'membershipId'>,
  id: string | null,
): Promise<SubstituteWrite> {
  const w = { ...wanted, validUntil: wanted.validUntil ?? seat.validUntil };
  const problems: { path: string; message: string }[] = [];
  const person = await repos.people.find(tenantScope(tenantId), m, w.personId);
  if (!person)
    problems.push({ path: 'personId', message: 'choose a person of your council’s directory' });
  else if (person.id === seat.personId)
    problems.push({
      path: 'personId',
      message: `${person.name} holds the seat: a substitute is someone else`,
    });
  else if (person.leftOn && person.leftOn <= w.validFrom)
    problems.push({
      path: 'personId',
      message: `${person.name} left the council on ${describeDay(person.leftOn)}, before they would be named`,
    });
  if (w.validUntil !== null && w.validUntil < w.validFrom)
    problems.push({
      path: 'validUntil',
      message: `the last day comes before the first day (${w.validFrom})`,
    });
  else if (
    w.validFrom < seat.validFrom ||
    (seat.validUntil !== null && (w.validUntil === null || w.validUntil > seat.validUntil))
  )
    problems.push({
      path: w.validFrom < seat.validFrom ? 'validFrom' : 'validUntil',
      message: `${seat.personName}’s seat runs ${describeTerm(seat)}: name the substitute within it`,
    });
  if (problems.length > 0)
    throw new InvalidInputError(
      'The substitute is not valid: fix the fields listed in problems.',
      problems,
    );
  const others = await repos.substitutes.ofSeat(tenantScope(tenantId), m, seat.id);
  const twice = others.find(
    (o: SubstituteRecord) => o.id !== id && o.personId === w.personId && termsOverlap(o, w),
  );
  if (twice)
    throw new GovernanceRuleError(
      'SUBSTITUTE_ALREADY_NAMED',
      `${twice.personName} is already named for ${seat.personName}’s seat ${describeTerm(twice)}, which overlaps ${describeTerm(w)}. Nothing was changed.`,
      [
        `${twice.personName} is named as substitute for ${seat.personName} ${describeTerm(twice)} (${twice.reference}): change or end that naming instead`,
      ],
    );
  return { ...w, membershipId: seat.id };
}
