import type { EntityManager } from 'typeorm';
import { tenantScope } from '../../core/tenant-scope';
import { z } from 'zod';
import { GovernanceRuleError, InvalidInputError } from '../../errors/domain.errors';
import { bodyRulesSchema, type BodyRules } from '../../governance/body-rules.schema';
import type { BodyKind } from '../body.entity';
import type { BodyRecord, BodyRepository } from '../body.repository';
import type { OrganisationRepository } from '../organisation.repository';
import { directoryDate, expectedVersion } from './directory-input.service';

export const BODY_KINDS = [
  'hwbb',
  'jcb',
  'cpb',
  'group',
  'cabinet',
  'council',
  'committee',
  'partnership_board',
] as const satisfies readonly BodyKind[];

const name = z
  .string({ message: 'give the body’s name' })
  .trim()
  .min(1, 'give the body’s name')
  .max(200, 'use at most 200 characters in the name');
const kind = z.enum(BODY_KINDS, {
  message: `kind is one of ${BODY_KINDS.join(', ')}`,
});

export const newBodySchema = z
  .object({
    name,
    kind,
    rules: bodyRulesSchema.describe(
      'its constituencies, quorum, decision, notice, substitution and delegation rules, each with its source',
    ),
  })
  .strict();

export const bodyChangeSchema = z
  .object({
    expectedVersion,
    name: name.optional(),
    kind: kind.optional(),
    rules: bodyRulesSchema.optional(),
    rulesInForceFrom: directoryDate
      .optional()
      .describe(
        'the first day the changed rules apply (YYYY-MM-DD, London); today when left out. Never on or before the day of a meeting the body has held',
      ),
    rulesReason: z
      .string()
      .trim()
      .min(1, 'say why the rules change, or leave rulesReason out')
      .max(1000, 'use at most 1000 characters to say why the rules change')
      .optional()
      .describe('why the rules change: the minute or terms of reference that changed them'),
  })
  .strict();

/**
 * What a body must be, whoever writes it: a name no other body of the council has, constituencies
 * tied to organisations of the council, none taken away while seats sit for it, and its power to
 * delegate kept while delegations it granted are in force.
 */
export async function checkBody(
  repos: { bodies: BodyRepository; organisations: OrganisationRepository },
  m: EntityManager,
  tenantId: string,
  wanted: { name: string; rules: BodyRules | null },
  before: BodyRecord | null,
  now: Date,
): Promise<void> {
  const { bodies, organisations } = repos;
  const problems: { path: string; message: string }[] = [];
  const clash = await bodies.withName(tenantScope(tenantId), m, wanted.name, before?.id ?? null);
  if (clash)
    problems.push({
      path: 'name',
      message: `${clash.name} is already a body of your council: give each body its own name`,
    });
  const constituencies = wanted.rules?.constituencies ?? [];
  for (const [i, c] of constituencies.entries())
    if (c.organisationId && !(await organisations.find(tenantScope(tenantId), m, c.organisationId)))
      problems.push({
        path: `rules.constituencies[${i}].organisationId`,
        message: 'choose an organisation of your council’s directory',
      });
  if (before) {
    const kept = new Set(constituencies.map((c) => c.key));
    for (const used of await bodies.constituenciesInUse(tenantScope(tenantId), m, before.id))
      if (!kept.has(used.constituency))
        problems.push({
          path: 'rules.constituencies',
          message: `seats sit for "${used.constituency}" (${used.people.join(', ')}): keep the constituency, or move their seats first`,
        });
  }
  if (problems.length > 0)
    throw new InvalidInputError(
      'The body is not valid: fix the fields listed in problems.',
      problems,
    );
  if (before?.rules?.delegation.allowed && wanted.rules && !wanted.rules.delegation.allowed) {
    const inForce = await bodies.delegationsInForce(tenantScope(tenantId), m, before.id, now);
    if (inForce.length > 0)
      throw new GovernanceRuleError(
        'BODY_HAS_DELEGATIONS_IN_FORCE',
        `The ${wanted.name} has delegations in force, so its rules cannot stop it delegating yet. Nothing was changed.`,
        [
          `delegations in force: ${inForce.map((d) => d.reference).join('; ')}: revoke them first, then change the rules`,
        ],
      );
  }
}
