import type { EntityManager } from 'typeorm';
import { tenantScope } from '../../core/tenant-scope';
import { z } from 'zod';
import { GovernanceRuleError, InvalidInputError } from '../../errors/domain.errors';
import {
  checkGrant,
  delegationConditionSchema,
  type Grantor,
} from '../../governance/delegation-scheme.service';
import type { Refusal } from '../../governance/governance.errors';
import {
  endOfLondonDay,
  londonDate,
  londonTime,
} from '../../governance/working-day-calendar.service';
import type { BodyRepository } from '../body.repository';
import type { DelegationRecord, DelegationRepository } from '../delegation.repository';
import type { OfficeRepository } from '../office.repository';
import { directoryDate, expectedVersion, uuidOf } from './directory-input.service';

const scope = z
  .string({ message: 'give the scope, what may be done under it, e.g. bcf-plan-approval' })
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,79}$/,
    'scope is a short key of lower-case letters, digits and -, e.g. bcf-plan-approval',
  );
const reference = (what: string) =>
  z
    .string({ message: `give ${what}` })
    .trim()
    .min(1, `give ${what}`)
    .max(300, 'keep the reference under 300 characters');
const amountLimit = z
  .number({ message: 'amountLimit is a sum in whole pounds, or null for no financial limit' })
  .int('amountLimit is in whole pounds')
  .min(0, 'amountLimit is 0 or more')
  .max(1_000_000_000_000, 'amountLimit is at most £1,000,000,000,000');
const conditions = z.array(delegationConditionSchema).max(10, 'at most 10 conditions');
const granted = reference('the minute or the part of the constitution that grants it');

export const newDelegationSchema = z
  .object({
    delegatorBodyId: uuidOf('delegatorBodyId').optional().describe('the body that delegates'),
    delegatorOfficeId: uuidOf('delegatorOfficeId')
      .optional()
      .describe('or the office that delegates a power of its own'),
    delegateOfficeId: uuidOf('delegateOfficeId'),
    scope,
    reference: granted,
    amountLimit: amountLimit.nullable().default(null),
    conditions: conditions.default([]),
    validFrom: directoryDate.describe('the first day it is in force'),
    validUntil: directoryDate
      .nullable()
      .default(null)
      .describe('the last day it is in force; null: until revoked'),
  })
  .strict()
  .superRefine((d, ctx) => {
    if ((d.delegatorBodyId === undefined) === (d.delegatorOfficeId === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['delegatorBodyId'],
        message:
          'give delegatorBodyId (a body delegates) or delegatorOfficeId (an office does), one of them',
      });
  });

export const delegationAmendmentSchema = z
  .object({
    expectedVersion,
    scope: scope.optional(),
    reference: granted.optional(),
    amountLimit: amountLimit.nullable().optional(),
    conditions: conditions.optional(),
    validFrom: directoryDate.optional(),
    validUntil: directoryDate.nullable().optional(),
  })
  .strict();

export const revocationSchema = z
  .object({
    expectedVersion,
    reference: reference('the minute or decision that revokes it'),
    on: directoryDate
      .optional()
      .describe('the first day it is no longer in force; by default it ends now'),
  })
  .strict();

/** The first day in force as the instant it starts: the start of that day in London. */
export const startOfDay = (date: string): Date => londonTime(date, 0);
/** The last day in force as the instant it ends: the end of that day in London. */
export const endOfDay = (date: string | null): Date | null =>
  date === null ? null : endOfLondonDay(date);
/** The last day in force of an exclusive end. */
export const lastDayOf = (until: Date | null): string | null =>
  until === null ? null : londonDate(new Date(until.getTime() - 1));

/** A delegation as the API shows it: days for its period, and whether it is in force now. */
export interface DelegationView {
  id: string;
  grantor: { kind: 'body' | 'office'; id: string; name: string };
  delegateOfficeId: string;
  delegateOfficeTitle: string;
  scope: string;
  reference: string;
  amountLimit: number | null;
  conditions: DelegationRecord['conditions'];
  validFrom: string;
  validUntil: string | null;
  revokedAt: string | null;
  revocationReference: string | null;
  inForce: boolean;
  version: number;
}

export function delegationView(d: DelegationRecord, now: Date): DelegationView {
  return {
    id: d.id,
    grantor: d.delegatorBodyId
      ? { kind: 'body', id: d.delegatorBodyId, name: d.grantorName }
      : { kind: 'office', id: d.delegatorOfficeId!, name: d.grantorName },
    delegateOfficeId: d.delegateOfficeId,
    delegateOfficeTitle: d.delegateOfficeTitle,
    scope: d.scope,
    reference: d.reference,
    amountLimit: d.amountLimit,
    conditions: d.conditions,
    validFrom: londonDate(d.validFrom),
    validUntil: lastDayOf(d.validUntil),
    revokedAt: d.revokedAt?.toISOString() ?? null,
    revocationReference: d.revocationReference,
    inForce:
      d.validFrom <= now &&
      (d.validUntil === null || d.validUntil > now) &&
      (d.revokedAt === null || d.revokedAt > now),
    version: d.version,
  };
}

/** Throws a scheme rule's refusal as the API says it, writing nothing. */
export function refuseScheme(what: string, r: Refusal<string>): never {
  throw new GovernanceRuleError(
    r.code,
    `${what}: ${r.explanation.join('; ')}. Nothing was changed.`,
    r.explanation,
  );
}

/**
 * Who grants and who receives, from the directory, checked against the scheme's rules: the
 * grantor a body of the council (whose rules allow delegating) or an office of it, the delegate an
 * office of it, no cascade either way. `id` is the delegation being amended, if any.
 */
export async function checkGrantOf(
  repos: { bodies: BodyRepository; offices: OfficeRepository; delegations: DelegationRepository },
  m: EntityManager,
  tenantId: string,
  d: Pick<
    DelegationRecord,
    | 'delegatorBodyId'
    | 'delegatorOfficeId'
    | 'delegateOfficeId'
    | 'scope'
    | 'validFrom'
    | 'validUntil'
  >,
  id: string | null,
): Promise<void> {
  const { offices, delegations } = repos;
  const problems: { path: string; message: string }[] = [];
  const body = d.delegatorBodyId
    ? await repos.bodies.find(tenantScope(tenantId), m, d.delegatorBodyId)
    : null;
  if (d.delegatorBodyId && !body)
    problems.push({
      path: 'delegatorBodyId',
      message: 'choose a body of your council’s directory',
    });
  const from = d.delegatorOfficeId
    ? await offices.find(tenantScope(tenantId), m, d.delegatorOfficeId)
    : null;
  if (d.delegatorOfficeId && !from)
    problems.push({
      path: 'delegatorOfficeId',
      message: 'choose an office of your council’s directory',
    });
  const to = await offices.find(tenantScope(tenantId), m, d.delegateOfficeId);
  if (!to)
    problems.push({
      path: 'delegateOfficeId',
      message: 'no such office in your council’s directory: add the office first, or choose one',
    });
  if (d.validUntil !== null && d.validUntil <= d.validFrom)
    problems.push({
      path: 'validUntil',
      message: `the last day in force comes before the first (${londonDate(d.validFrom)})`,
    });
  if (problems.length > 0)
    throw new InvalidInputError(
      'The delegation is not valid: fix the fields listed in problems.',
      problems,
    );
  const grantor: Grantor = body
    ? { kind: 'body', name: body.name, delegation: body.rules?.delegation ?? null }
    : {
        kind: 'office',
        officeId: from!.id,
        title: from!.title,
        holds: await delegations.ofOffice(tenantScope(tenantId), m, from!.id, 'to', id),
      };
  const verdict = checkGrant(grantor, {
    scope: d.scope,
    validFrom: d.validFrom,
    validUntil: d.validUntil,
    revokedAt: null,
    delegate: {
      officeId: to!.id,
      title: to!.title,
      delegatedOnward: await delegations.ofOffice(tenantScope(tenantId), m, to!.id, 'by', id),
    },
  });
  if (!verdict.ok) refuseScheme('The delegation cannot be granted', verdict);
}

/** The instant a revocation on `on` takes effect: now if today, else the start of that day. */
export function revocationInstant(on: string | undefined, now: Date): Date {
  return on === undefined || on === londonDate(now) ? now : startOfDay(on);
}
