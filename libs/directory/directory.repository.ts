import { Injectable } from '@nestjs/common';
import type { PersonRow } from '../core/person';
import { EntityManager } from 'typeorm';
import type {
  ActorFacts,
  DelegationFact,
  OfficeFact,
  RoleBinding,
  SeatFact,
} from '../governance/authority.service';
import { SEAT_NAMES } from '../governance/authority.service';
import { holdingOnSql } from './office.repository';
import type { OrganisationKind } from './organisation.entity';
import type { TenantScope } from '../core/tenant-scope';

export type { PersonRow } from '../core/person';

/** Who a role's holder is right now, with the words the audit and the emails use. */
export interface RoleHolder {
  role: string;
  person: { id: string; name: string; email: string } | null;
  actingAs: string;
}

/**
 * What a case's template calls the holder of each of its roles, by how the role is bound, where the
 * directory cannot say it: a role bound to a person the case names (`member`), whom the directory
 * knows by name but not as what they act (minutes v4: the chair who presided at the approval).
 * Read off the case's template (`template.roleWords`, libs/workflows/template-role-words.ts) by
 * every reader of role holders; undefined only where no role can be so bound.
 */
export type RoleHolderWords = Readonly<Record<string, { readonly member?: string }>>;

/** A `member` role of a template without words for it: what the binding alone says. */
const NAMED_ON_THE_CASE = 'Member of the body named on the case';

/** Reads people, offices and delegations: the facts governance rules decide on. */
@Injectable()
export class DirectoryRepository {
  async person(scope: TenantScope, m: EntityManager, personId: string): Promise<PersonRow | null> {
    const rows: PersonRow[] = await m.query(
      'SELECT id, tenant_id AS "tenantId", name, email, is_officer AS "isOfficer", is_elected_member AS "isElectedMember" FROM people WHERE tenant_id = $1 AND id = $2',
      [scope.tenantId, personId],
    );
    return rows[0] ?? null;
  }

  /** The offices with whoever holds each on `on` (a London date). */
  async offices(
    scope: TenantScope,
    m: EntityManager,
    ids: string[],
    on: string,
  ): Promise<OfficeFact[]> {
    if (ids.length === 0) return [];
    return m.query(
      `SELECT f.id, f.title, h.person_id AS "holderPersonId",
              g.name AS "organisationName", g.kind AS "organisationKind" FROM offices f
         LEFT JOIN office_holders h ON h.id = ${holdingOnSql('$1', 'f.id', '$3')}
         LEFT JOIN organisations g ON g.id = f.organisation_id AND g.tenant_id = f.tenant_id
        WHERE f.tenant_id = $1 AND f.id = ANY($2::uuid[])`,
      [scope.tenantId, ids, on],
    );
  }

  async delegations(
    scope: TenantScope,
    m: EntityManager,
    ids: string[],
  ): Promise<DelegationFact[]> {
    if (ids.length === 0) return [];
    return m.query(
      `SELECT d.id, d.delegate_office_id AS "delegateOfficeId", o.title AS "delegateOfficeTitle",
              coalesce(b.name, g.title) AS "delegatorBodyName", d.scope, d.reference, d.valid_from AS "validFrom",
              d.valid_until AS "validUntil", d.revoked_at AS "revokedAt"
         FROM delegations d
         JOIN offices o ON o.id = d.delegate_office_id AND o.tenant_id = d.tenant_id
         LEFT JOIN bodies b ON b.id = d.delegator_body_id AND b.tenant_id = d.tenant_id
         LEFT JOIN offices g ON g.id = d.delegator_office_id AND g.tenant_id = d.tenant_id
        WHERE d.tenant_id = $1 AND d.id = ANY($2::uuid[])`,
      [scope.tenantId, ids],
    );
  }

  /** A body by id with the name of whoever holds its chair or vice-chair on `on`; null: no such body. */
  async seatOf(
    scope: TenantScope,
    m: EntityManager,
    bodyId: string,
    seat: 'chair' | 'vice_chair',
    on: string,
  ): Promise<{ name: string; holder: string | null } | null> {
    const [body]: { name: string; holder: string | null }[] = await m.query(
      `SELECT b.name,
              (SELECT p.name FROM memberships ms
                 JOIN people p ON p.id = ms.person_id AND p.tenant_id = ms.tenant_id
                WHERE ms.tenant_id = b.tenant_id AND ms.body_id = b.id AND ms.role = $3
                  AND ms.valid_from <= $4::date AND (ms.valid_until IS NULL OR ms.valid_until >= $4::date)
                LIMIT 1) AS holder
         FROM bodies b WHERE b.tenant_id = $1 AND b.id = $2`,
      [scope.tenantId, bodyId, seat, on],
    );
    return body ?? null;
  }

  /** The names of this tenant's bodies among `ids`, by id (an id of no body is left out). */
  async bodyNames(
    scope: TenantScope,
    m: EntityManager,
    ids: string[],
  ): Promise<Map<string, string>> {
    const rows: { id: string; name: string }[] = await m.query(
      `SELECT id, name FROM bodies WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
      [scope.tenantId, ids],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /**
   * Everything the directory knows about a case's roles (delegations, offices, their holders), in
   * one round trip: the send path derives both the actor's facts and the role holders from it.
   * Offices are held as they are on `on` (a London date): holdings begin and end on days.
   */
  async caseDirectory(
    scope: TenantScope,
    m: EntityManager,
    roles: Record<string, RoleBinding>,
    caseOfficerId: string,
    on: string,
    /** The tenant's directory version read in this transaction: the read may then come from the cache. */
    directoryVersion?: string,
  ): Promise<CaseDirectory> {
    // The day is in the key: a holding that ends at midnight changes no version.
    const cacheKey =
      directoryVersion === undefined
        ? null
        : `${scope.tenantId}|${directoryVersion}|${on}|${caseOfficerId}|${JSON.stringify(roles)}`;
    const cached = cacheKey ? DIRECTORY_CACHE.get(cacheKey) : undefined;
    if (cached) return cached;
    const fresh = await this.readCaseDirectory(scope, m, roles, caseOfficerId, on);
    if (cacheKey) {
      // Bounded: the entries of superseded versions are never asked for again.
      if (DIRECTORY_CACHE.size >= 2000) DIRECTORY_CACHE.clear();
      DIRECTORY_CACHE.set(cacheKey, fresh);
    }
    return fresh;
  }

  private async readCaseDirectory(
    scope: TenantScope,
    m: EntityManager,
    roles: Record<string, RoleBinding>,
    caseOfficerId: string,
    on: string,
  ): Promise<CaseDirectory> {
    return toCaseDirectory(
      await this.readRaw(scope, m, Object.values(roles), [caseOfficerId], on),
      roles,
      caseOfficerId,
    );
  }

  /**
   * The holders of many cases' roles on `on` (a London date), keyed as given, in one query however
   * many cases there are: the register reads every published decision's decision maker and Proper
   * Officer this way rather than one directory read per case.
   */
  async roleHoldersOfCases(
    scope: TenantScope,
    m: EntityManager,
    cases: {
      key: string;
      roles: Record<string, RoleBinding>;
      caseOfficerId: string;
      words: RoleHolderWords | undefined;
    }[],
    on: string,
  ): Promise<Map<string, Record<string, RoleHolder>>> {
    if (cases.length === 0) return new Map();
    const raw = await this.readRaw(
      scope,
      m,
      cases.flatMap((c) => Object.values(c.roles)),
      [...new Set(cases.map((c) => c.caseOfficerId))],
      on,
    );
    return new Map(
      cases.map((c) => [
        c.key,
        roleHoldersIn(toCaseDirectory(raw, c.roles, c.caseOfficerId), c.words),
      ]),
    );
  }

  private async readRaw(
    scope: TenantScope,
    m: EntityManager,
    bindings: RoleBinding[],
    caseOfficerIds: string[],
    on: string,
  ): Promise<RawDirectory> {
    const delegationIds = bindings.flatMap((b) =>
      b.kind === 'delegation' ? [b.delegationId] : [],
    );
    const officeIds = bindings.flatMap((b) => (b.kind === 'office' ? [b.officeId] : []));
    const bodyIds = bindings.flatMap((b) => (b.kind === 'seat' ? [b.bodyId] : []));
    // A member named on the case is read as a person, as the case officer is.
    const personIds = [
      ...caseOfficerIds,
      ...bindings.flatMap((b) => (b.kind === 'member' ? [b.personId] : [])),
    ];
    const [row]: RawDirectory[] = await m.query(
      `WITH d AS (
           SELECT d.id, d.delegate_office_id AS "delegateOfficeId", o.title AS "delegateOfficeTitle",
                  coalesce(b.name, g.title) AS "delegatorBodyName",
                  d.scope, d.reference, d.valid_from AS "validFrom", d.valid_until AS "validUntil", d.revoked_at AS "revokedAt",
                  d.amount_limit::float8 AS "amountLimit", d.conditions
             FROM delegations d
             JOIN offices o ON o.id = d.delegate_office_id AND o.tenant_id = d.tenant_id
             LEFT JOIN bodies b ON b.id = d.delegator_body_id AND b.tenant_id = d.tenant_id
             LEFT JOIN offices g ON g.id = d.delegator_office_id AND g.tenant_id = d.tenant_id
            WHERE d.tenant_id = $1 AND d.id = ANY($2::uuid[])),
         o AS (
           SELECT f.id, f.title, h.person_id AS "holderPersonId", h.kind = 'acting' AS "holderActing"
             FROM offices f
             LEFT JOIN office_holders h ON h.id = ${holdingOnSql('$1', 'f.id', '$5')}
            WHERE f.tenant_id = $1 AND (f.id = ANY($3::uuid[]) OR f.id IN (SELECT "delegateOfficeId" FROM d))),
         s AS (
           SELECT ms.body_id AS "bodyId", b.name AS "bodyName", ms.role AS seat,
                  ms.person_id AS "personId", sp.name AS "personName"
             FROM memberships ms
             JOIN bodies b ON b.id = ms.body_id AND b.tenant_id = ms.tenant_id
             JOIN people sp ON sp.id = ms.person_id AND sp.tenant_id = ms.tenant_id
            WHERE ms.tenant_id = $1 AND ms.body_id = ANY($6::uuid[])
              AND ms.role IN ('chair', 'vice_chair') AND ms.valid_from <= $5::date
              AND (ms.valid_until IS NULL OR ms.valid_until >= $5::date)),
         p AS (
           SELECT id, name, email FROM people
            WHERE tenant_id = $1 AND (id IN (SELECT "holderPersonId" FROM o) OR id = ANY($4::uuid[])
                  OR id IN (SELECT "personId" FROM s)))
         SELECT (SELECT coalesce(json_agg(d), '[]') FROM d) AS delegations,
                (SELECT coalesce(json_agg(o), '[]') FROM o) AS offices,
                (SELECT coalesce(json_agg(s), '[]') FROM s) AS seats,
                (SELECT coalesce(json_agg(p), '[]') FROM p) AS people`,
      [scope.tenantId, delegationIds, officeIds, personIds, on, bodyIds],
    );
    return row;
  }

  /**
   * The holder of each role on `on` (a London date); officers resolve to the case officer. `words`:
   * the case's template's (`template.roleWords`).
   */
  async roleHolders(
    scope: TenantScope,
    m: EntityManager,
    roles: Record<string, RoleBinding>,
    caseOfficerId: string,
    on: string,
    words: RoleHolderWords | undefined,
  ): Promise<Record<string, RoleHolder>> {
    return roleHoldersIn(await this.caseDirectory(scope, m, roles, caseOfficerId, on), words);
  }
}

/** The partner a seat represents, by the kind of organisation its membership is for. */
export const PARTNER_OF: Record<OrganisationKind, string> = {
  local_authority: 'council',
  ccg: 'ccg',
  icb: 'icb',
  nhs_trust: 'nhsTrust',
  healthwatch: 'healthwatch',
  nhs_region: 'nhsRegion',
  voluntary_sector: 'voluntarySector',
  other: 'other',
};

export interface CaseDirectory {
  roles: Record<string, RoleBinding>;
  caseOfficerId: string;
  /** `holderActing`: the holder on the day stands in for the substantive holder. */
  offices: (OfficeFact & { holderActing?: boolean | null })[];
  delegations: DelegationFact[];
  /** The chairs and vice-chairs of the bodies seat roles name, on the day (absent: none). */
  seats?: SeatFact[];
  people: { id: string; name: string; email: string }[];
}

/** The facts governance needs to decide whether `person` may act in one of the case's roles. */
export function actorFactsIn(dir: CaseDirectory, person: PersonRow): ActorFacts {
  return {
    personId: person.id,
    isOfficer: person.isOfficer,
    offices: dir.offices,
    delegations: dir.delegations,
    seats: dir.seats ?? [],
  };
}

/** The holder of each of the case's roles, in the words of the case's template (`words`). */
export function roleHoldersIn(
  dir: CaseDirectory,
  words: RoleHolderWords | undefined,
): Record<string, RoleHolder> {
  const personById = new Map(dir.people.map((p) => [p.id, p]));
  const holderOf = (officeId: string | undefined) => {
    const o = dir.offices.find((x) => x.id === officeId);
    return {
      office: o,
      person: (o?.holderPersonId && personById.get(o.holderPersonId)) || null,
      acting: o?.holderActing === true,
    };
  };
  const out: Record<string, RoleHolder> = {};
  for (const [role, b] of Object.entries(dir.roles)) {
    if (b.kind === 'officers') {
      out[role] = {
        role,
        person: personById.get(dir.caseOfficerId) ?? null,
        actingAs: 'Case officer',
      };
    } else if (b.kind === 'office') {
      const { office, person, acting } = holderOf(b.officeId);
      out[role] = {
        role,
        person,
        actingAs: office ? `${office.title}${acting ? ' (acting)' : ''}` : 'unknown office',
      };
    } else if (b.kind === 'member') {
      out[role] = {
        role,
        person: personById.get(b.personId) ?? null,
        actingAs: (words && Object.hasOwn(words, role) && words[role].member) || NAMED_ON_THE_CASE,
      };
    } else if (b.kind === 'seat') {
      const held = (dir.seats ?? []).find((x) => x.bodyId === b.bodyId && x.seat === b.seat);
      out[role] = {
        role,
        person: (held && personById.get(held.personId)) || null,
        actingAs: held
          ? `${SEAT_NAMES[b.seat]} of the ${held.bodyName}`
          : `${SEAT_NAMES[b.seat]} of the body (nobody holds the seat today)`,
      };
    } else {
      const d = dir.delegations.find((x) => x.id === b.delegationId);
      const { person, acting } = holderOf(d?.delegateOfficeId);
      out[role] = {
        role,
        person,
        actingAs: d
          ? `${d.delegateOfficeTitle}${acting ? ' (acting)' : ''}, under delegation from the ${d.delegatorBodyName} (${d.reference})`
          : 'unknown delegation',
      };
    }
  }
  return out;
}

/**
 * Directory reads by tenant, directory version, case officer and role bindings. Triggers bump the
 * version on any change to offices, delegations, people or bodies, so an entry is only ever used
 * for exactly the directory it was read from: a revoked delegation is refused at once.
 */
const DIRECTORY_CACHE = new Map<string, CaseDirectory>();

interface RawDirectory {
  delegations: (Omit<DelegationFact, 'validFrom' | 'validUntil' | 'revokedAt'> &
    Record<'validFrom' | 'validUntil' | 'revokedAt', string | null>)[];
  offices: (OfficeFact & { holderActing: boolean | null })[];
  seats: SeatFact[];
  people: { id: string; name: string; email: string }[];
}

function toCaseDirectory(
  raw: RawDirectory,
  roles: Record<string, RoleBinding>,
  caseOfficerId: string,
): CaseDirectory {
  const date = (v: string | null) => (v === null ? null : new Date(v));
  return {
    roles,
    caseOfficerId,
    offices: raw.offices,
    seats: raw.seats,
    people: raw.people,
    delegations: raw.delegations.map((d) => ({
      ...d,
      validFrom: new Date(d.validFrom!),
      validUntil: date(d.validUntil),
      revokedAt: date(d.revokedAt),
    })),
  };
}
