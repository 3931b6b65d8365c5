import { EntityManager } from 'typeorm';
import type {
  ActorFacts,
  DelegationFact,
  OfficeFact,
  RoleBinding,
} from '../governance/authority.service';

export interface PersonRow {
  id: string;
  tenantId: string;
  name: string;
  email: string;
  isOfficer: boolean;
}

/** Who a role's holder is right now, with the words the audit and the emails use. */
export interface RoleHolder {
  role: string;
  person: { id: string; name: string; email: string } | null;
  actingAs: string;
}

/** Reads people, offices and delegations: the facts governance rules decide on. */
export class DirectoryRepository {
  async personByApiKeyHash(m: EntityManager, hash: string): Promise<PersonRow | null> {
    const rows: PersonRow[] = await m.query(
      'SELECT id, tenant_id AS "tenantId", name, email, is_officer AS "isOfficer" FROM people WHERE api_key_hash = $1',
      [hash],
    );
    return rows[0] ?? null;
  }

  async person(m: EntityManager, tenantId: string, personId: string): Promise<PersonRow | null> {
    const rows: PersonRow[] = await m.query(
      'SELECT id, tenant_id AS "tenantId", name, email, is_officer AS "isOfficer" FROM people WHERE tenant_id = $1 AND id = $2',
      [tenantId, personId],
    );
    return rows[0] ?? null;
  }

  async offices(m: EntityManager, tenantId: string, ids: string[]): Promise<OfficeFact[]> {
    if (ids.length === 0) return [];
    return m.query(
      'SELECT id, title, holder_person_id AS "holderPersonId" FROM offices WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      [tenantId, ids],
    );
  }

  async delegations(m: EntityManager, tenantId: string, ids: string[]): Promise<DelegationFact[]> {
    if (ids.length === 0) return [];
    return m.query(
      `SELECT d.id, d.delegate_office_id AS "delegateOfficeId", o.title AS "delegateOfficeTitle",
              b.name AS "delegatorBodyName", d.scope, d.reference, d.valid_from AS "validFrom",
              d.valid_until AS "validUntil", d.revoked_at AS "revokedAt"
         FROM delegations d
         JOIN offices o ON o.id = d.delegate_office_id AND o.tenant_id = d.tenant_id
         JOIN bodies b ON b.id = d.delegator_body_id AND b.tenant_id = d.tenant_id
        WHERE d.tenant_id = $1 AND d.id = ANY($2::uuid[])`,
      [tenantId, ids],
    );
  }

  /** The facts needed to decide whether `person` may act in any of the case's roles. */
  async actorFacts(
    m: EntityManager,
    tenantId: string,
    person: PersonRow,
    bindings: RoleBinding[],
  ): Promise<ActorFacts> {
    const delegationIds = bindings.flatMap((b) =>
      b.kind === 'delegation' ? [b.delegationId] : [],
    );
    const delegations = await this.delegations(m, tenantId, delegationIds);
    const officeIds = [
      ...bindings.flatMap((b) => (b.kind === 'office' ? [b.officeId] : [])),
      ...delegations.map((d) => d.delegateOfficeId),
    ];
    return {
      personId: person.id,
      isOfficer: person.isOfficer,
      offices: await this.offices(m, tenantId, officeIds),
      delegations,
    };
  }

  /** The current holder of each role; officers resolve to the case officer. */
  async roleHolders(
    m: EntityManager,
    tenantId: string,
    roles: Record<string, RoleBinding>,
    caseOfficerId: string,
  ): Promise<Record<string, RoleHolder>> {
    const bindings = Object.values(roles);
    const delegations = await this.delegations(
      m,
      tenantId,
      bindings.flatMap((b) => (b.kind === 'delegation' ? [b.delegationId] : [])),
    );
    const offices = await this.offices(m, tenantId, [
      ...bindings.flatMap((b) => (b.kind === 'office' ? [b.officeId] : [])),
      ...delegations.map((d) => d.delegateOfficeId),
    ]);
    const holderIds = [
      ...offices.map((o) => o.holderPersonId).filter((x): x is string => x !== null),
      caseOfficerId,
    ];
    const people: { id: string; name: string; email: string }[] = await m.query(
      'SELECT id, name, email FROM people WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      [tenantId, holderIds],
    );
    const personById = new Map(people.map((p) => [p.id, p]));
    const out: Record<string, RoleHolder> = {};
    for (const [role, b] of Object.entries(roles)) {
      if (b.kind === 'officers') {
        out[role] = {
          role,
          person: personById.get(caseOfficerId) ?? null,
          actingAs: 'Case officer',
        };
      } else if (b.kind === 'office') {
        const o = offices.find((x) => x.id === b.officeId);
        out[role] = {
          role,
          person: (o?.holderPersonId && personById.get(o.holderPersonId)) || null,
          actingAs: o?.title ?? 'unknown office',
        };
      } else {
        const d = delegations.find((x) => x.id === b.delegationId);
        const o = offices.find((x) => x.id === d?.delegateOfficeId);
        out[role] = {
          role,
          person: (o?.holderPersonId && personById.get(o.holderPersonId)) || null,
          actingAs: d
            ? `${d.delegateOfficeTitle}, under delegation from the ${d.delegatorBodyName} (${d.reference})`
            : 'unknown delegation',
        };
      }
    }
    return out;
  }
}
