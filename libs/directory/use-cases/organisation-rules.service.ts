import { tenantScope } from '../../core/tenant-scope';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { InvalidInputError } from '../../errors/domain.errors';
import type { OrganisationKind } from '../organisation.entity';
import type { OrganisationRepository } from '../organisation.repository';

const CREATABLE = [
  'local_authority',
  'icb',
  'nhs_trust',
  'nhs_region',
  'healthwatch',
  'voluntary_sector',
  'other',
] as const satisfies readonly OrganisationKind[];

/** The kinds an organisation may be given now: not `ccg`, kept only so that older records read. */
export const organisationKind = z.enum(CREATABLE, {
  error: (issue) =>
    issue.input === 'ccg'
      ? 'CCGs were abolished on 1 July 2022: choose icb (Integrated Care Board) for the body that took over'
      : `kind is one of ${CREATABLE.join(', ')}`,
});

/** What an organisation must be, whoever writes it: a name of its own, dates in order. */
export async function checkOrganisation(
  repos: { organisations: OrganisationRepository },
  m: EntityManager,
  tenantId: string,
  o: { name: string; activeFrom: string | null; activeUntil: string | null },
  id: string | null,
): Promise<void> {
  const problems: { path: string; message: string }[] = [];
  if (o.activeFrom && o.activeUntil && o.activeUntil < o.activeFrom)
    problems.push({
      path: 'activeUntil',
      message: `the last day (${o.activeUntil}) is before the first (${o.activeFrom})`,
    });
  const same = await repos.organisations.findByName(tenantScope(tenantId), m, o.name);
  if (same && same.id !== id)
    problems.push({
      path: 'name',
      message: `the council already has an organisation called “${same.name}”: use another name or change that one`,
    });
  if (problems.length > 0)
    throw new InvalidInputError(
      'The organisation is not valid: fix the fields listed in problems.',
      problems,
    );
}
