import type { EntityManager } from 'typeorm';
import { tenantScope } from '../../core/tenant-scope';
import { z } from 'zod';
import { GovernanceRuleError, InvalidInputError } from '../../errors/domain.errors';
import { checkHolding, type HoldingKind } from '../../governance/office-holdings.service';
import type { OfficeRecord, OfficeRepository } from '../office.repository';
import type { OrganisationRepository } from '../organisation.repository';
import type { PersonRepository } from '../person.repository';

export const officeTitle = z
  .string({ message: 'give the office’s title, e.g. Chief Executive, Southampton City Council' })
  .trim()
  .min(1, 'give the office’s title, e.g. Chief Executive, Southampton City Council')
  .max(200, 'use at most 200 characters in the title');

export const holdingKind = z
  .enum(['substantive', 'acting'], { message: 'kind is substantive or acting' })
  .describe('substantive: appointed to the office; acting: standing in for its holder');

/** What an office must be, whoever writes it: a title of its own, an organisation of the council. */
export async function checkOffice(
  repos: { offices: OfficeRepository; organisations: OrganisationRepository },
  m: EntityManager,
  tenantId: string,
  o: Pick<OfficeRecord, 'title' | 'organisationId'>,
  id: string | null,
): Promise<void> {
  const problems: { path: string; message: string }[] = [];
  const same = await repos.offices.findByTitle(tenantScope(tenantId), m, o.title);
  if (same && same.id !== id)
    problems.push({
      path: 'title',
      message: `the council already has an office called “${same.title}”: use another title or change that one`,
    });
  if (!(await repos.organisations.find(tenantScope(tenantId), m, o.organisationId)))
    problems.push({
      path: 'organisationId',
      message: 'choose an organisation of your council’s directory',
    });
  if (problems.length > 0)
    throw new InvalidInputError(
      'The office is not valid: fix the fields listed in problems.',
      problems,
    );
}

/**
 * Whether a holding may be written: its days in order, a person of the council still with it on
 * its first day, and no other holder of its kind on any of its days (OFFICE_HELD_TWICE, naming
 * them). The office row is locked by the caller, so two appointments to one office take turns.
 */
export async function checkHoldingOf(
  repos: { offices: OfficeRepository; people: PersonRepository },
  m: EntityManager,
  tenantId: string,
  office: OfficeRecord,
  h: { id?: string; personId: string; from: string; until: string | null; kind: HoldingKind },
): Promise<{ personName: string }> {
  if (h.until !== null && h.until < h.from)
    throw new InvalidInputError('The holding is not valid: fix the fields listed in problems.', [
      { path: 'until', message: `the last day (${h.until}) is before the first (${h.from})` },
    ]);
  const person = await repos.people.find(tenantScope(tenantId), m, h.personId);
  if (!person)
    throw new InvalidInputError('The holding is not valid: fix the fields listed in problems.', [
      { path: 'personId', message: 'choose a person of your council’s directory' },
    ]);
  if (person.leftOn !== null && person.leftOn <= (h.until ?? '9999-12-31'))
    throw new InvalidInputError('The holding is not valid: fix the fields listed in problems.', [
      {
        path: h.until === null ? 'personId' : 'until',
        message: `${person.name} left on ${person.leftOn}: a holding of theirs ends before that day`,
      },
    ]);
  const holdings = await repos.offices.holdings(tenantScope(tenantId), m, office.id);
  const verdict = checkHolding(office.title, holdings, { ...h, personName: person.name });
  if (!verdict.ok)
    throw new GovernanceRuleError(
      verdict.code,
      `${office.title} would have two ${h.kind} holders on one day: ${verdict.explanation.join('; ')}. Nothing was saved.`,
      verdict.explanation,
    );
  return { personName: person.name };
}
