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
 * Writes the spec's rows straight into the tables (test worlds and benchmarks, which build the
 * repositories it writes bodies with).
 */
export async function createTenantDirectory(
  m: EntityManager,
  spec: TenantSpec,
  repos: { bodies: BodyRepository; rules: BodyRulesRepository },
): Promise<TenantIds> {
  const ids: TenantIds = {
    tenantId: randomUUID(),
    organisations: {},
    people: {},
    offices: {},
    bodies: {},
    delegations: {},
  };
  const t = ids.tenantId;
  const need = (map: Record<string, string>, key: string, what: string) => {
    const id = map[key];
    if (!id) throw new Error(`tenant spec names unknown ${what} "${key}"`);
    return id;
  };
  await m.query('INSERT INTO tenants (tenant_id, slug, name) VALUES ($1, $2, $3)', [
    t,
    spec.slug,
    spec.name,
  ]);
  for (const o of spec.organisations) {
    ids.organisations[o.key] = randomUUID();
    await m.query('INSERT INTO organisations (id, tenant_id, name, kind) VALUES ($1, $2, $3, $4)', [
      ids.organisations[o.key],
      t,
      o.name,
      o.kind,
    ]);
  }
  for (const p of spec.people) {
    ids.people[p.key] = randomUUID();
    await m.query(
      'INSERT INTO people (id, tenant_id, organisation_id, name, email, is_officer, is_elected_member) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [
        ids.people[p.key],
        t,
        p.organisation ? need(ids.organisations, p.organisation, 'organisation') : null,
        p.name,
        p.email,
        p.isOfficer ?? false,
        p.isElectedMember ?? false,
      ],
    );
    if (p.apiKey)
      await m.query(
        `INSERT INTO api_keys (tenant_id, person_id, name, key_hash, created_at) VALUES ($1, $2, $3, $4, now())`,
        [t, ids.people[p.key], `${p.name}'s key`, apiKeyHash(p.apiKey)],
      );
  }
  for (const o of spec.offices) {
    ids.offices[o.key] = randomUUID();
    await m.query(
      'INSERT INTO offices (id, tenant_id, title, organisation_id) VALUES ($1, $2, $3, $4)',
      [ids.offices[o.key], t, o.title, need(ids.organisations, o.organisation, 'organisation')],
    );
    if (o.holder)
      await m.query(
        `INSERT INTO office_holders (tenant_id, office_id, person_id, held_from, kind) VALUES ($1, $2, $3, $4, 'substantive')`,
        [t, ids.offices[o.key], need(ids.people, o.holder, 'person'), o.holderFrom ?? '2000-01-01'],
      );
  }
  const rulesOf: Record<string, BodyRules | null> = {};
  for (const b of spec.bodies) {
    ids.bodies[b.key] = randomUUID();
    const rules = b.rules
      ? bodyRulesSchema.parse(b.rules((k) => need(ids.organisations, k, 'organisation')))
      : null;
    rulesOf[b.key] = rules;
    await repos.bodies.insert(tenantScope(t), m, {
      id: ids.bodies[b.key],
      name: b.name,
      kind: b.kind,
    });
    if (rules)
      await repos.rules.record(tenantScope(t), m, ids.bodies[b.key], {
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
    const [seat]: { id: string }[] = await m.query(
      'INSERT INTO memberships (tenant_id, body_id, person_id, organisation_id, role, valid_from, constituency) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
      [
        t,
        need(ids.bodies, ms.body, 'body'),
        need(ids.people, ms.person, 'person'),
        organisationId,
        ms.role,
        ms.validFrom,
        constituency,
      ],
    );
    seats.set(`${ms.body}|${ms.person}`, seat.id);
  }
  for (const x of spec.substitutes ?? []) {
    const seat = seats.get(`${x.body}|${x.member}`);
    if (!seat) throw new Error(`tenant spec names no seat of "${x.member}" on "${x.body}"`);
    await m.query(
      'INSERT INTO membership_substitutes (tenant_id, membership_id, person_id, valid_from, reference) VALUES ($1, $2, $3, $4, $5)',
      [t, seat, need(ids.people, x.person, 'person'), x.validFrom, x.reference],
    );
  }
  for (const d of spec.delegations) {
    ids.delegations[d.key] = randomUUID();
    await m.query(
      `INSERT INTO delegations (id, tenant_id, delegator_body_id, delegate_office_id, scope, reference, valid_from, valid_until,
                                amount_limit, conditions)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        ids.delegations[d.key],
        t,
        need(ids.bodies, d.body, 'body'),
        need(ids.offices, d.office, 'office'),
        d.scope,
        d.reference,
        d.validFrom,
        d.validUntil ?? null,
        d.amountLimit ?? null,
        JSON.stringify(d.conditions ?? []),
      ],
    );
  }
  return ids;
}
