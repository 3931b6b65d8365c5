import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { tenantScope } from '../core/tenant-scope';
import { apiKeyHash } from './api-key.repository';
import { bodyRulesSchema, type BodyRules } from '../governance/body-rules.schema';
import type { BodyKind } from './body.entity';
import type { BodyRulesRepository } from './body-rules.repository';
import type { BodyRepository } from './body.repository';
import type { MembershipRole } from './membership.entity';
import type { OrganisationKind } from './organisation.entity';
import type { TenantDirectoryRepository } from './tenant-directory.repository';

/** A whole tenant directory described by keys, so that the demo and test factories read alike. */
export interface TenantSpec {
  slug: string;
  name: string;
  organisations: { key: string; name: string; kind: OrganisationKind }[];
  people: {
    key: string;
    name: string;
    email: string;
    organisation?: string;
    isOfficer?: boolean;
    isElectedMember?: boolean;
    apiKey?: string;
  }[];
  offices: {
    key: string;
    title: string;
    organisation: string;
    holder?: string;
    /** The holder's first day in office; by default long before any test's or the demo's dates. */
    holderFrom?: string;
  }[];
  bodies: {
    key: string;
    name: string;
    kind: BodyKind;
    /** Its rules (libs/governance/body-rules.schema.ts), given the id of an organisation by key. */
    rules?: (organisationId: (key: string) => string) => BodyRules;
  }[];
  memberships: {
    body: string;
    person: string;
    role: MembershipRole;
    organisation?: string;
    /** Defaults to the body's constituency for the membership's organisation. */
    constituency?: string;
    validFrom: string;
  }[];
  delegations: {
    key: string;
    body: string;
    office: string;
    scope: string;
    reference: string;
    validFrom: Date;
    validUntil?: Date | null;
    /** In pounds; null or absent: no financial limit. */
    amountLimit?: number | null;
    /** Conditions on acting under it (libs/governance/delegation-limits.service.ts). */
    conditions?: unknown[];
  }[];
  /** The substitution scheme: who may sit in a member's seat on a body, and from when. */
  substitutes?: {
    body: string;
    /** The person whose seat it is (their membership of the body). */
    member: string;
    person: string;
    validFrom: string;
    reference: string;
  }[];
}

export interface TenantIds {
  tenantId: string;
  organisations: Record<string, string>;
  people: Record<string, string>;
  offices: Record<string, string>;
  bodies: Record<string, string>;
  delegations: Record<string, string>;
}

export { apiKeyHash };

/**
 * Writes the spec's rows with the ids it chooses, in one transaction of the caller's (test worlds
 * and benchmarks, which build the repositories it writes with): the SQL is the repositories'.
 */
export async function createTenantDirectory(
  m: EntityManager,
  spec: TenantSpec,
  repos: {
    directory: TenantDirectoryRepository;
    bodies: BodyRepository;
    rules: BodyRulesRepository;
  },
): Promise<TenantIds> {
  const ids: TenantIds = {
    tenantId: randomUUID(),
    organisations: {},
    people: {},
    offices: {},
    bodies: {},
    delegations: {},
  };
  const scope = tenantScope(ids.tenantId);
  const dir = repos.directory;
  const need = (map: Record<string, string>, key: string, what: string) => {
    const id = map[key];
    if (!id) throw new Error(`tenant spec names unknown ${what} "${key}"`);
    return id;
  };
  await dir.insertCouncil(scope, m, { slug: spec.slug, name: spec.name });
  for (const o of spec.organisations) {
    ids.organisations[o.key] = randomUUID();
    await dir.insertOrganisation(scope, m, {
      id: ids.organisations[o.key],
      name: o.name,
      kind: o.kind,
    });
  }
  for (const p of spec.people) {
    ids.people[p.key] = randomUUID();
    await dir.insertPerson(scope, m, {
      id: ids.people[p.key],
      organisationId: p.organisation
        ? need(ids.organisations, p.organisation, 'organisation')
        : null,
      name: p.name,
      email: p.email,
      isOfficer: p.isOfficer ?? false,
      isElectedMember: p.isElectedMember ?? false,
    });
    if (p.apiKey)
      await dir.insertApiKey(scope, m, {
        personId: ids.people[p.key],
        name: `${p.name}'s key`,
        keyHash: apiKeyHash(p.apiKey),
      });
  }
  for (const o of spec.offices) {
    ids.offices[o.key] = randomUUID();
    await dir.insertOffice(scope, m, {
      id: ids.offices[o.key],
      title: o.title,
      organisationId: need(ids.organisations, o.organisation, 'organisation'),
    });
    if (o.holder)
      await dir.insertHolder(scope, m, {
        officeId: ids.offices[o.key],
        personId: need(ids.people, o.holder, 'person'),
        from: o.holderFrom ?? '2000-01-01',
      });
  }
  const rulesOf: Record<string, BodyRules | null> = {};
  for (const b of spec.bodies) {
    ids.bodies[b.key] = randomUUID();
    const rules = b.rules
      ? bodyRulesSchema.parse(b.rules((k) => need(ids.organisations, k, 'organisation')))
      : null;
    rulesOf[b.key] = rules;
    await repos.bodies.insert(scope, m, {
      id: ids.bodies[b.key],
      name: b.name,
      kind: b.kind,
    });
    if (rules)
      await repos.rules.record(scope, m, ids.bodies[b.key], {
        inForceFrom: null,
        rules,
        reason: null,
        at: new Date(),
        by: { kind: 'system', tool: 'tenant-setup' },
      });
  }
  const seats = new Map<string, string>();
  for (const ms of spec.memberships) {
    const organisationId = ms.organisation
      ? need(ids.organisations, ms.organisation, 'organisation')
      : null;
    const constituency =
      ms.constituency ??
      rulesOf[ms.body]?.constituencies.find(
        (c) => organisationId && c.organisationId === organisationId,
      )?.key ??
      null;
    const seat = await dir.insertMembership(scope, m, {
      bodyId: need(ids.bodies, ms.body, 'body'),
      personId: need(ids.people, ms.person, 'person'),
      organisationId,
      role: ms.role,
      validFrom: ms.validFrom,
      constituency,
    });
    seats.set(`${ms.body}|${ms.person}`, seat);
  }
  for (const x of spec.substitutes ?? []) {
    const seat = seats.get(`${x.body}|${x.member}`);
    if (!seat) throw new Error(`tenant spec names no seat of "${x.member}" on "${x.body}"`);
    await dir.insertSubstitute(scope, m, {
      membershipId: seat,
      personId: need(ids.people, x.person, 'person'),
      validFrom: x.validFrom,
      reference: x.reference,
    });
  }
  for (const d of spec.delegations) {
    ids.delegations[d.key] = randomUUID();
    await dir.insertDelegation(scope, m, {
      id: ids.delegations[d.key],
      bodyId: need(ids.bodies, d.body, 'body'),
      officeId: need(ids.offices, d.office, 'office'),
      scope: d.scope,
      reference: d.reference,
      validFrom: d.validFrom,
      validUntil: d.validUntil ?? null,
      amountLimit: d.amountLimit ?? null,
      conditions: d.conditions ?? [],
    });
  }
  return ids;
}
