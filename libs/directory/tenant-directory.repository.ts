import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import type { MembershipRole } from './membership.entity';
import type { OrganisationKind } from './organisation.entity';

/**
 * A whole new council's directory written row by row with the ids its writer chose
 * (tenant-setup.service.ts: the test worlds and the benchmarks): the council's own row, its
 * organisations, people and their API keys, offices and their first holders, seats, substitutes and
 * delegations. Each row is written into the scope's council and no other: its tenant_id is the
 * scope's, and the composite foreign keys (ADR 0015) refuse a row that names another council's.
 * The bodies and their rules are written by body.repository.ts and body-rules.repository.ts.
 */
@Injectable()
export class TenantDirectoryRepository {
  /** The scope's council's own row, new (its id chosen by its writer; created now). */
  async insertCouncil(
    scope: TenantScope,
    m: Queryable,
    t: { slug: string; name: string },
  ): Promise<void> {
    await m.query('INSERT INTO tenants (tenant_id, slug, name) VALUES ($1, $2, $3)', [
      scope.tenantId,
      t.slug,
      t.name,
    ]);
  }

  async insertOrganisation(
    scope: TenantScope,
    m: Queryable,
    o: { id: string; name: string; kind: OrganisationKind },
  ): Promise<void> {
    await m.query('INSERT INTO organisations (id, tenant_id, name, kind) VALUES ($1, $2, $3, $4)', [
      o.id,
      scope.tenantId,
      o.name,
      o.kind,
    ]);
  }

  async insertPerson(
    scope: TenantScope,
    m: Queryable,
    p: {
      id: string;
      organisationId: string | null;
      name: string;
      email: string;
      isOfficer: boolean;
      isElectedMember: boolean;
    },
  ): Promise<void> {
    await m.query(
      'INSERT INTO people (id, tenant_id, organisation_id, name, email, is_officer, is_elected_member) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [p.id, scope.tenantId, p.organisationId, p.name, p.email, p.isOfficer, p.isElectedMember],
    );
  }

  /** A person's API key, by its hash (api-key.repository.ts's apiKeyHash), made now. */
  async insertApiKey(
    scope: TenantScope,
    m: Queryable,
    k: { personId: string; name: string; keyHash: string },
  ): Promise<void> {
    await m.query(
      `INSERT INTO api_keys (tenant_id, person_id, name, key_hash, created_at) VALUES ($1, $2, $3, $4, now())`,
      [scope.tenantId, k.personId, k.name, k.keyHash],
    );
  }

  async insertOffice(
    scope: TenantScope,
    m: Queryable,
    o: { id: string; title: string; organisationId: string },
  ): Promise<void> {
    await m.query(
      'INSERT INTO offices (id, tenant_id, title, organisation_id) VALUES ($1, $2, $3, $4)',
      [o.id, scope.tenantId, o.title, o.organisationId],
    );
  }

  /** The office's substantive holder from a day, with no end. */
  async insertHolder(
    scope: TenantScope,
    m: Queryable,
    h: { officeId: string; personId: string; from: string },
  ): Promise<void> {
    await m.query(
      `INSERT INTO office_holders (tenant_id, office_id, person_id, held_from, kind) VALUES ($1, $2, $3, $4, 'substantive')`,
      [scope.tenantId, h.officeId, h.personId, h.from],
    );
  }

  /** A seat on a body (voting by the table's default, no source); its id. */
  async insertMembership(
    scope: TenantScope,
    m: Queryable,
    s: {
      bodyId: string;
      personId: string;
      organisationId: string | null;
      role: MembershipRole;
      validFrom: string;
      constituency: string | null;
    },
  ): Promise<string> {
    const [seat]: { id: string }[] = await m.query(
      'INSERT INTO memberships (tenant_id, body_id, person_id, organisation_id, role, valid_from, constituency) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
      [scope.tenantId, s.bodyId, s.personId, s.organisationId, s.role, s.validFrom, s.constituency],
    );
    return seat.id;
  }

  /** A person named to sit in a seat's place, from a day. */
  async insertSubstitute(
    scope: TenantScope,
    m: Queryable,
    x: { membershipId: string; personId: string; validFrom: string; reference: string },
  ): Promise<void> {
    await m.query(
      'INSERT INTO membership_substitutes (tenant_id, membership_id, person_id, valid_from, reference) VALUES ($1, $2, $3, $4, $5)',
      [scope.tenantId, x.membershipId, x.personId, x.validFrom, x.reference],
    );
  }

  /** A body's delegation to an office (amountLimit in pounds, null: none). */
  async insertDelegation(
    scope: TenantScope,
    m: Queryable,
    d: {
      id: string;
      bodyId: string;
      officeId: string;
      scope: string;
      reference: string;
      validFrom: Date;
      validUntil: Date | null;
      amountLimit: number | null;
      conditions: unknown[];
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO delegations (id, tenant_id, delegator_body_id, delegate_office_id, scope, reference, valid_from, valid_until,
                                amount_limit, conditions)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        d.id,
        scope.tenantId,
        d.bodyId,
        d.officeId,
        d.scope,
        d.reference,
        d.validFrom,
        d.validUntil,
        d.amountLimit,
        JSON.stringify(d.conditions),
      ],
    );
  }
}
