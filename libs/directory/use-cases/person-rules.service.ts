import type { EntityManager } from 'typeorm';
import { tenantScope } from '../../core/tenant-scope';
import { z } from 'zod';
import { InvalidInputError } from '../../errors/domain.errors';
import type { OrganisationRepository } from '../organisation.repository';
import { emailTakenError, type PersonRepository } from '../person.repository';

export const personName = z
  .string({ message: 'give the person’s name' })
  .trim()
  .min(1, 'give the person’s name')
  .max(200, 'use at most 200 characters in the name');

export const personEmail = z
  .string({ message: 'give the person’s email address' })
  .trim()
  .max(320, 'an email address has at most 320 characters')
  .pipe(z.email({ message: 'give an email address such as name@example.org' }));

/**
 * What a person must be, whoever writes them: an email no other person of the council has, in any
 * case (emails and links reach people by it, and staff sign in with it), and an organisation of
 * the council's own directory.
 */
export async function checkPerson(
  repos: { people: PersonRepository; organisations: OrganisationRepository },
  m: EntityManager,
  tenantId: string,
  p: { email: string; organisationId: string | null },
  id: string | null,
): Promise<void> {
  const problems: { path: string; message: string }[] = [];
  const clash = await repos.people.withEmail(tenantScope(tenantId), m, p.email, id);
  if (clash) problems.push(...emailTakenError(p.email, clash.name).problems);
  if (
    p.organisationId &&
    !(await repos.organisations.find(tenantScope(tenantId), m, p.organisationId))
  )
    problems.push({
      path: 'organisationId',
      message: 'choose an organisation of your council’s directory',
    });
  if (problems.length > 0)
    throw new InvalidInputError(
      'The person is not valid: fix the fields listed in problems.',
      problems,
    );
}
