import type { EntityManager } from 'typeorm';
import {
  bodyRulesSchema,
  seatCategoriesUnder,
  type BodyRules,
} from '../governance/body-rules.schema';
import type { BodyOnDate } from '../governance/meeting-people.service';
import { seatOfEachPerson } from '../governance/quorum.service';
import type { TenantScope } from '../core/tenant-scope';
import type { BodyKind } from './body.entity';
import { PARTNER_OF } from './directory.repository';
import type { OrganisationKind } from './organisation.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The SQL of a body's rules in force on a day (a scalar subquery on `body_rules`, whose SQL
 * body-rules.repository.ts owns): the latest change on or before the day, else the body's first
 * rules (undated: from when it was set up).
 */
function rulesInForce(bodyId: string, tenant: string, day: string): string {
  return `(SELECT r.rules FROM body_rules r
            WHERE r.tenant_id = ${tenant} AND r.body_id = ${bodyId}
              AND (r.in_force_from IS NULL OR r.in_force_from <= ${day}::date)
            ORDER BY r.in_force_from DESC NULLS LAST LIMIT 1)`;
}

/** A body's seats on a date and the people a meeting's record names (BodyRepository.onDate). */
export interface BodyDirectory {
  body: { id: string; name: string; kind: BodyKind; rules: BodyRules | null };
  date: string;
  seats: {
    /** The membership that holds the seat on the date. */
    membershipId: string;
    personId: string;
    name: string;
    /** The constituency of the body's rules the seat sits for; null: none named. */
    constituency: string | null;
    /** What counts toward an elected-member minimum. */
    electedMember: boolean;
    voting: boolean;
    organisationId: string | null;
    organisationName: string | null;
    organisationKind: OrganisationKind | null;
  }[];
  people: { id: string; name: string; organisationId: string | null }[];
  /** The substitutes the scheme names for each seat, in force on the date. */
  named: { membershipId: string; personId: string; name: string }[];
}

/** The stored rules as governance reads them; a row that no longer reads as rules has none. */
export function storedBodyRules(raw: unknown): BodyRules | null {
  if (raw === null || raw === undefined) return null;
  const parsed = bodyRulesSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** A body as the directory keeps it. */
export interface BodyRecord {
  id: string;
  name: string;
  kind: BodyKind;
  rules: BodyRules | null;
  version: number;
}

/**
 * Bodies, their rules and their seats: the SQL of the `bodies` table and of seats on a date. Every
 * method reads and writes the council its scope names and no other (ADR 0015).
 */
export class BodyRepository {
  /** The body, locked FOR UPDATE when `lock`: changes to a body's seats are made one at a time. */
  async find(
    scope: TenantScope,
    m: EntityManager,
    id: string,
    opts: { lock?: boolean } = {},
  ): Promise<BodyRecord | null> {
    if (!UUID.test(id)) return null;
    const [row]: (Omit<BodyRecord, 'rules'> & { rules: unknown })[] = await m.query(
      `SELECT id, name, kind, rules, version FROM bodies WHERE tenant_id = $1 AND id = $2${opts.lock ? ' FOR UPDATE' : ''}`,
      [scope.tenantId, id],
    );
    return row ? { ...row, rules: storedBodyRules(row.rules) } : null;
  }

  async list(
    scope: TenantScope,
    m: EntityManager,
    f: { kind?: BodyKind; q?: string; limit: number; offset: number },
  ): Promise<BodyRecord[]> {
    const rows: (Omit<BodyRecord, 'rules'> & { rules: unknown })[] = await m.query(
      `SELECT id, name, kind, rules, version FROM bodies
        WHERE tenant_id = $1 AND ($2::text IS NULL OR kind = $2)
          AND ($3::text IS NULL OR strpos(lower(name), lower($3)) > 0)
        ORDER BY name, id LIMIT $4 OFFSET $5`,
      [scope.tenantId, f.kind ?? null, f.q ?? null, f.limit, f.offset],
    );
    return rows.map((r) => ({ ...r, rules: storedBodyRules(r.rules) }));
  }

  /** Another body of the council with this name, any case, if there is one. */
  async withName(
    scope: TenantScope,
    m: EntityManager,
    name: string,
    exceptId: string | null,
  ): Promise<{ id: string; name: string } | null> {
    const [row]: { id: string; name: string }[] = await m.query(
      'SELECT id, name FROM bodies WHERE tenant_id = $1 AND lower(name) = lower($2) AND id IS DISTINCT FROM $3::uuid',
      [scope.tenantId, name, exceptId],
    );
    return row ?? null;
  }

  /**
   * A new body, without rules: its first rules are then recorded by body-rules.repository.ts, the
   * one writer of `bodies.rules`.
   */
  async insert(
    scope: TenantScope,
    m: EntityManager,
    b: Pick<BodyRecord, 'name' | 'kind'> & { id?: string },
  ): Promise<BodyRecord> {
    const [row]: { id: string }[] = await m.query(
      'INSERT INTO bodies (id, tenant_id, name, kind) VALUES (coalesce($4::uuid, gen_random_uuid()), $1, $2, $3) RETURNING id',
      [scope.tenantId, b.name, b.kind, b.id ?? null],
    );
    return (await this.find(scope, m, row.id))!;
  }

  /**
   * Writes `b`'s name and kind over the row at `b.version` (its rules are body-rules.repository.ts's
   * to write, recorded first); null when another change got there first.
   */
  async update(scope: TenantScope, m: EntityManager, b: BodyRecord): Promise<BodyRecord | null> {
    const rows: { id: string }[] = await m.query(
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], not rows.
      `WITH u AS (
         UPDATE bodies SET name = $3, kind = $4, version = version + 1
          WHERE tenant_id = $1 AND id = $2 AND version = $5 RETURNING id)
       SELECT id FROM u`,
      [scope.tenantId, b.id, b.name, b.kind, b.version],
    );
    return rows.length > 0 ? this.find(scope, m, b.id) : null;
  }

  /** The constituencies the body's seats sit for, with who sits for each. */
  async constituenciesInUse(
    scope: TenantScope,
    m: EntityManager,
    bodyId: string,
  ): Promise<{ constituency: string; people: string[] }[]> {
    return m.query(
      `SELECT ms.constituency, array_agg(DISTINCT p.name ORDER BY p.name) AS people
         FROM memberships ms JOIN people p ON p.id = ms.person_id AND p.tenant_id = ms.tenant_id
        WHERE ms.tenant_id = $1 AND ms.body_id = $2 AND ms.constituency IS NOT NULL
        GROUP BY ms.constituency`,
      [scope.tenantId, bodyId],
    );
  }

  /** The body's delegations in force at `at`: what stops it losing its power to delegate. */
  async delegationsInForce(
    scope: TenantScope,
    m: EntityManager,
    bodyId: string,
    at: Date,
  ): Promise<{ reference: string }[]> {
    return m.query(
      `SELECT reference FROM delegations
        WHERE tenant_id = $1 AND delegator_body_id = $2
          AND (revoked_at IS NULL OR revoked_at > $3) AND (valid_until IS NULL OR valid_until > $3)`,
      [scope.tenantId, bodyId, at],
    );
  }

  /**
   * A body on a date: its rules, its seats (the memberships in force, with the constituency and
   * organisation each represents) and the people of the tenant among `personIds`, with their
   * organisation. The body is given by id, or as the body that granted a delegation (a case
   * decided under it). Null: no such body.
   */
  async onDate(
    scope: TenantScope,
    m: EntityManager,
    body: { bodyId: string } | { delegationId: string },
    date: string,
    personIds: string[],
  ): Promise<BodyDirectory | null> {
    // Ids are uuids; anything else names nobody (and must not reach the uuid cast).
    const ids = personIds.filter((id) => UUID.test(id));
    const byId = 'bodyId' in body;
    const ref = byId ? body.bodyId : body.delegationId;
    if (!UUID.test(ref)) return null;
    const [row]: (Omit<BodyDirectory, 'date' | 'body' | 'seats'> & {
      body: (Omit<BodyDirectory['body'], 'rules'> & { rules: unknown }) | null;
      seats: (BodyDirectory['seats'][number] & { validFrom: string })[];
    })[] = await m.query(
      `WITH b AS (
           SELECT id, name, kind, ${rulesInForce('bodies.id', '$1', '$3')} AS rules FROM bodies
            WHERE tenant_id = $1 AND id = ${
              byId
                ? '$2::uuid'
                : '(SELECT delegator_body_id FROM delegations WHERE tenant_id = $1 AND id = $2::uuid)'
            }),
         s AS (
           SELECT ms.id AS "membershipId", ms.person_id AS "personId", p.name, ms.valid_from AS "validFrom",
                  ms.constituency, p.is_elected_member AS "electedMember", ms.voting,
                  ms.organisation_id AS "organisationId", o.name AS "organisationName",
                  o.kind AS "organisationKind"
             FROM memberships ms
             JOIN people p ON p.id = ms.person_id AND p.tenant_id = ms.tenant_id
             LEFT JOIN organisations o ON o.id = ms.organisation_id AND o.tenant_id = ms.tenant_id
            WHERE ms.tenant_id = $1 AND ms.body_id = (SELECT id FROM b) AND ms.valid_from <= $3::date
              AND (ms.valid_until IS NULL OR ms.valid_until >= $3::date)),
         pp AS (
           SELECT id, name, organisation_id AS "organisationId" FROM people
            WHERE tenant_id = $1 AND id = ANY($4::uuid[])),
         n AS (
           SELECT x.membership_id AS "membershipId", x.person_id AS "personId", p.name
             FROM membership_substitutes x
             JOIN people p ON p.id = x.person_id AND p.tenant_id = x.tenant_id
            WHERE x.tenant_id = $1 AND x.membership_id IN (SELECT "membershipId" FROM s)
              AND x.valid_from <= $3::date AND (x.valid_until IS NULL OR x.valid_until >= $3::date))
         SELECT (SELECT row_to_json(b) FROM b) AS body,
                (SELECT coalesce(json_agg(s ORDER BY s."personId", s."validFrom" DESC), '[]') FROM s) AS seats,
                (SELECT coalesce(json_agg(pp), '[]') FROM pp) AS people,
                (SELECT coalesce(json_agg(n ORDER BY n.name), '[]') FROM n) AS named`,
      [scope.tenantId, ref, date, ids],
    );
    if (!row?.body) return null;
    // Each person's seat, once, as governance has it: a voting one where they hold one, else the
    // latest begun (issue #12, review L9: the latest begun was taken, a non-voting one too).
    const seats = [...seatOfEachPerson(row.seats).values()].map(
      ({ validFrom: _, ...seat }) => seat,
    );
    return {
      body: { ...row.body, rules: storedBodyRules(row.body.rules) },
      date,
      seats,
      people: row.people,
      named: row.named,
    };
  }

  /**
   * A body's name and the rules in force on `onDate` (a meeting is judged by the rules of its
   * day); null: no such body in the tenant. Its rules are null when none were in force that day.
   */
  async rulesOf(
    scope: TenantScope,
    m: EntityManager,
    bodyId: string,
    onDate: string,
  ): Promise<{ id: string; name: string; kind: BodyKind; rules: BodyRules | null } | null> {
    if (!UUID.test(bodyId)) return null;
    const [row]: { id: string; name: string; kind: BodyKind; rules: unknown }[] = await m.query(
      `SELECT id, name, kind, ${rulesInForce('bodies.id', '$1', '$3')} AS rules
         FROM bodies WHERE tenant_id = $1 AND id = $2`,
      [scope.tenantId, bodyId, onDate],
    );
    return row ? { ...row, rules: storedBodyRules(row.rules) } : null;
  }

  /** The tenant's bodies by name, and whether each has rules to hold meetings under. */
  async names(
    scope: TenantScope,
    m: EntityManager,
  ): Promise<{ id: string; name: string; kind: BodyKind; hasRules: boolean }[]> {
    return m.query(
      `SELECT id, name, kind, rules IS NOT NULL AS "hasRules" FROM bodies
        WHERE tenant_id = $1 ORDER BY name`,
      [scope.tenantId],
    );
  }
}

/**
 * The body's seats as the governance rules take them (meeting-people.service.ts, quorum.service.ts):
 * each seat's partner is the constituency it sits for, and its categories those of its
 * constituency (and "elected" for an elected member) that the body's quorum counts. Who may fill a
 * seat while its member is away follows the body's substitution rule. Under "named", the people
 * the substitution scheme names for the seat on the date, and nobody else. Under "partnerDeputies" (and
 * for a body with no rules) it is read from the seat's organisation: a person of the organisation
 * the seat represents who holds no seat; a seat held for no organisation may be filled by any person
 * of the council who holds no seat. `substitutes` lists them among the people named.
 */
export function bodySeatsOn(dir: BodyDirectory): BodyOnDate {
  const rules = dir.body.rules;
  const seated = new Set(dir.seats.map((s) => s.personId));
  return {
    name: dir.body.name,
    date: dir.date,
    seats: dir.seats.map((s) => {
      const partner =
        s.constituency ?? (s.organisationKind ? PARTNER_OF[s.organisationKind] : undefined);
      const partnerName =
        rules?.constituencies.find((c) => c.key === s.constituency)?.name ?? s.organisationName;
      const seat = {
        personId: s.personId,
        name: s.name,
        categories: rules ? seatCategoriesUnder(rules, s.constituency, s.electedMember) : [],
        partner,
        ...(partner && partnerName ? { partnerName } : {}),
        ...(s.voting === false ? { voting: false } : {}),
      };
      if (rules?.substitutes.kind === 'named') {
        const named = dir.named.filter((n) => n.membershipId === s.membershipId);
        return {
          ...seat,
          substitutes: named.map((n) => n.personId),
          scheme: { source: rules.substitutes.source, named: named.map((n) => n.name) },
        };
      }
      return {
        ...seat,
        substitutes: dir.people
          .filter(
            (p) =>
              !seated.has(p.id) &&
              (s.organisationId === null || p.organisationId === s.organisationId),
          )
          .map((p) => p.id),
        ...(s.organisationName
          ? {
              substitutesAre: `people of ${s.organisationName} (the organisation the seat represents)`,
            }
          : {}),
      };
    }),
    people: dir.people.map((p) => ({ id: p.id, name: p.name })),
  };
}
