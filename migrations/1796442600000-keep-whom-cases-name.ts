import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  bindRowsToTheirCouncil,
  unbindRowsFromTheirCouncil,
} from '../libs/database/tenant-row-security.service';
import { fillBesideCases, makeOnce } from '../libs/database/online-fill.service';

/** A text that is some uuid's own `::text` (lower case, hyphenated): the only ones participantSql's `= $p::text` can match. */
const UUID_TEXT = `'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`;

/** The holders of the offices a case's roles bind, directly or through a delegation, while it ran: participantSql's. */
const ROLE_HOLDERS = `SELECT h.person_id FROM jsonb_each(of_roles) r
         LEFT JOIN delegations g ON g.tenant_id = of_tenant AND r.value->>'kind' = 'delegation'
                                AND g.id = (r.value->>'delegationId')::uuid
         JOIN office_holders h ON h.tenant_id = of_tenant
                              AND h.office_id = coalesce((r.value->>'officeId')::uuid, g.delegate_office_id)
        WHERE (h.held_until IS NULL OR h.held_until >= (of_created_at AT TIME ZONE 'Europe/London')::date)
          AND (of_closed_at IS NULL OR h.held_from <= (of_closed_at AT TIME ZONE 'Europe/London')::date)`;

/**
 * Whom each case names, one row a person, beside the case (issue #21, docs/adr/0053): a reader who
 * is not staff lists the cases they have a part in (participantSql, case-readers.repository.ts),
 * and as the runtime role every case of the council was tested with it, effects read whole (5.6 s
 * at 100,000 cases for a person with no part). Here a person's cases are one range of a btree by
 * uuid equality, most recently changed first (updated_at is the case's, kept with it).
 *
 * A row for each person participantSql could name: awaited (cases.awaiting_person_ids), a holder
 * of an office a role binds while the case ran (case_role_holders), an event's sender, an action
 * link's person, an email's addressee. The rows may name more than participantSql does (a person
 * no longer awaited keeps their row): the list keeps participantSql as its last condition, so the
 * rows narrow the search and never widen the answer. Kept by triggers on each table a part comes
 * from, in the writer's statement: cases, case_events, action_links, effects, and office_holders
 * (a holding made or widened names its holder in the cases bound to the office).
 *
 * No foreign key to cases, unlike case_awaits: its check would take FOR KEY SHARE on each case a
 * holding names, before the hand-over's lockOpenBound takes them FOR UPDATE, and two hand-overs at
 * once would deadlock. A case is never deleted; a row whose case is gone lists nothing (the list
 * joins cases). Filled online (fillBesideCases) as case_awaits was.
 */
export class KeepWhomCasesName1796442600000 implements MigrationInterface {
  name = 'KeepWhomCasesName1796442600000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await makeOnce(q, 'case_people', () => this.make(q));
    await fillBesideCases(q, {
      columns: 'tenant_id, id, awaiting_person_ids, roles, created_at, closed_at, updated_at',
      write: `INSERT INTO case_people (tenant_id, case_id, person_id, updated_at)
           SELECT b.tenant_id, b.id, n.p, b.updated_at FROM batch b,
             LATERAL (SELECT case_bound_people(b.tenant_id, b.awaiting_person_ids, b.roles, b.created_at, b.closed_at)
                      UNION SELECT e.actor_person_id FROM case_events e
                             WHERE e.case_id = b.id AND e.actor_person_id IS NOT NULL
                      UNION SELECT l.person_id FROM action_links l WHERE l.case_id = b.id
                      UNION SELECT (f.payload->'to'->>'id')::uuid FROM effects f
                             WHERE f.case_id = b.id AND f.kind = 'email' AND f.payload->'to'->>'id' ~ ${UUID_TEXT}) n(p)
           ON CONFLICT (case_id, person_id) DO UPDATE SET updated_at = excluded.updated_at`,
    });
  }

  /** The table, its index and policies, and the triggers that keep it: one transaction. */
  private async make(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "case_people" (
      "tenant_id" uuid NOT NULL,
      "case_id" uuid NOT NULL,
      "person_id" uuid NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_case_people" PRIMARY KEY ("case_id", "person_id"))`);
    await q.query(
      'CREATE INDEX "IDX_case_people_person" ON "case_people" ("tenant_id", "person_id", "updated_at" DESC, "case_id")',
    );
    await bindRowsToTheirCouncil(q, 'case_people');
    // The people a case's own row names: awaited, or holding an office a role binds while it ran.
    // Parameters named apart from every column (office_holders has a created_at of its own).
    await q.query(`CREATE FUNCTION case_bound_people(of_tenant uuid, of_awaiting uuid[], of_roles jsonb,
                                                     of_created_at timestamptz, of_closed_at timestamptz)
      RETURNS SETOF uuid LANGUAGE sql STABLE AS $$
        SELECT unnest(of_awaiting) UNION ${ROLE_HOLDERS}
    $$`);
    await q.query(`CREATE FUNCTION keep_case_people() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' OR OLD.awaiting_person_ids IS DISTINCT FROM NEW.awaiting_person_ids
           OR OLD.roles IS DISTINCT FROM NEW.roles OR OLD.created_at IS DISTINCT FROM NEW.created_at
           OR OLD.closed_at IS DISTINCT FROM NEW.closed_at THEN
          INSERT INTO case_people (tenant_id, case_id, person_id, updated_at)
          SELECT NEW.tenant_id, NEW.id, p, NEW.updated_at
            FROM case_bound_people(NEW.tenant_id, NEW.awaiting_person_ids, NEW.roles, NEW.created_at, NEW.closed_at) p
          ON CONFLICT (case_id, person_id) DO NOTHING;
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.updated_at IS DISTINCT FROM NEW.updated_at THEN
          UPDATE case_people SET updated_at = NEW.updated_at
           WHERE case_id = NEW.id AND updated_at IS DISTINCT FROM NEW.updated_at;
        END IF;
        RETURN NULL;
      END
    $$`);
    await q.query(`CREATE TRIGGER cases_keep_people_inserted AFTER INSERT ON "cases"
      FOR EACH ROW EXECUTE FUNCTION keep_case_people()`);
    await q.query(`CREATE TRIGGER cases_keep_people_updated
      AFTER UPDATE OF awaiting_person_ids, roles, created_at, closed_at, updated_at ON "cases"
      FOR EACH ROW WHEN (OLD.awaiting_person_ids IS DISTINCT FROM NEW.awaiting_person_ids
        OR OLD.roles IS DISTINCT FROM NEW.roles OR OLD.created_at IS DISTINCT FROM NEW.created_at
        OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.updated_at IS DISTINCT FROM NEW.updated_at)
      EXECUTE FUNCTION keep_case_people()`);
    // An event's sender, a link's person, an email's addressee: named in the case from then on.
    await q.query(`CREATE FUNCTION keep_case_person_named() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        named uuid;
      BEGIN
        -- Each branch is prepared only where it runs: NEW has only its own table's columns.
        IF TG_TABLE_NAME = 'case_events' THEN named := NEW.actor_person_id;
        ELSIF TG_TABLE_NAME = 'action_links' THEN named := NEW.person_id;
        ELSE named := (NEW.payload->'to'->>'id')::uuid;
        END IF;
        INSERT INTO case_people (tenant_id, case_id, person_id, updated_at)
        SELECT c.tenant_id, c.id, named, c.updated_at FROM cases c WHERE c.id = NEW.case_id
        ON CONFLICT (case_id, person_id) DO NOTHING;
        RETURN NULL;
      END
    $$`);
    await q.query(`CREATE TRIGGER case_events_keep_people AFTER INSERT OR UPDATE OF case_id, actor_person_id
      ON "case_events" FOR EACH ROW WHEN (NEW.actor_person_id IS NOT NULL)
      EXECUTE FUNCTION keep_case_person_named()`);
    await q.query(`CREATE TRIGGER action_links_keep_people AFTER INSERT OR UPDATE OF case_id, person_id
      ON "action_links" FOR EACH ROW EXECUTE FUNCTION keep_case_person_named()`);
    await q.query(`CREATE TRIGGER effects_keep_people AFTER INSERT OR UPDATE OF case_id, kind, payload
      ON "effects" FOR EACH ROW WHEN (NEW.kind = 'email' AND NEW.payload->'to'->>'id' ~ ${UUID_TEXT})
      EXECUTE FUNCTION keep_case_person_named()`);
    // A holding made, or widened (to another office or person, earlier, or longer), names its
    // holder in each case bound to the office that ran while it was held. Ending a holding narrows
    // participantSql's answer and writes nothing. The cases in id order, as every writer takes them.
    await q.query(`CREATE FUNCTION keep_case_people_held() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO case_people (tenant_id, case_id, person_id, updated_at)
        SELECT c.tenant_id, c.id, NEW.person_id, c.updated_at FROM cases c
         WHERE c.tenant_id = NEW.tenant_id
           AND (NEW.held_until IS NULL OR NEW.held_until >= (c.created_at AT TIME ZONE 'Europe/London')::date)
           AND (c.closed_at IS NULL OR NEW.held_from <= (c.closed_at AT TIME ZONE 'Europe/London')::date)
           AND EXISTS (SELECT 1 FROM jsonb_each(c.roles) r
                         LEFT JOIN delegations g ON g.tenant_id = c.tenant_id AND r.value->>'kind' = 'delegation'
                                                AND g.id = (r.value->>'delegationId')::uuid
                        WHERE coalesce((r.value->>'officeId')::uuid, g.delegate_office_id) = NEW.office_id)
         ORDER BY c.id
        ON CONFLICT (case_id, person_id) DO NOTHING;
        RETURN NULL;
      END
    $$`);
    await q.query(`CREATE TRIGGER office_holders_keep_people_inserted AFTER INSERT ON "office_holders"
      FOR EACH ROW EXECUTE FUNCTION keep_case_people_held()`);
    await q.query(`CREATE TRIGGER office_holders_keep_people_updated
      AFTER UPDATE OF office_id, person_id, held_from, held_until ON "office_holders"
      FOR EACH ROW WHEN (OLD.office_id IS DISTINCT FROM NEW.office_id OR OLD.person_id IS DISTINCT FROM NEW.person_id
        OR NEW.held_from < OLD.held_from
        OR (OLD.held_until IS NOT NULL AND (NEW.held_until IS NULL OR NEW.held_until > OLD.held_until)))
      EXECUTE FUNCTION keep_case_people_held()`);
    // A delegation given to another office names that office's holders in the cases bound through it.
    await q.query(`CREATE FUNCTION keep_case_people_delegated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO case_people (tenant_id, case_id, person_id, updated_at)
        SELECT c.tenant_id, c.id, p, c.updated_at FROM cases c,
               case_bound_people(c.tenant_id, '{}', c.roles, c.created_at, c.closed_at) p
         WHERE c.tenant_id = NEW.tenant_id
           AND EXISTS (SELECT 1 FROM jsonb_each(c.roles) r
                        WHERE r.value->>'kind' = 'delegation' AND r.value->>'delegationId' = NEW.id::text)
         ORDER BY c.id
        ON CONFLICT (case_id, person_id) DO NOTHING;
        RETURN NULL;
      END
    $$`);
    await q.query(`CREATE TRIGGER delegations_keep_people AFTER UPDATE OF delegate_office_id ON "delegations"
      FOR EACH ROW WHEN (OLD.delegate_office_id IS DISTINCT FROM NEW.delegate_office_id)
      EXECUTE FUNCTION keep_case_people_delegated()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER delegations_keep_people ON "delegations"');
    await q.query('DROP TRIGGER office_holders_keep_people_updated ON "office_holders"');
    await q.query('DROP TRIGGER office_holders_keep_people_inserted ON "office_holders"');
    await q.query('DROP TRIGGER effects_keep_people ON "effects"');
    await q.query('DROP TRIGGER action_links_keep_people ON "action_links"');
    await q.query('DROP TRIGGER case_events_keep_people ON "case_events"');
    await q.query('DROP TRIGGER cases_keep_people_updated ON "cases"');
    await q.query('DROP TRIGGER cases_keep_people_inserted ON "cases"');
    await q.query('DROP FUNCTION keep_case_people_delegated()');
    await q.query('DROP FUNCTION keep_case_people_held()');
    await q.query('DROP FUNCTION keep_case_person_named()');
    await q.query('DROP FUNCTION keep_case_people()');
    await q.query('DROP FUNCTION case_bound_people(uuid, uuid[], jsonb, timestamptz, timestamptz)');
    await unbindRowsFromTheirCouncil(q, 'case_people');
    await q.query('DROP TABLE "case_people"');
  }
}
