import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  bindRowsToTheirCouncil,
  unbindRowsFromTheirCouncil,
} from '../libs/database/tenant-row-security.service';

/**
 * Whom each pending deadline concerns, kept beside it for the calendar feeds (issue #21): the
 * people its case waits for (cases.awaiting_person_ids) and the bodies from whose delegations a
 * role in its case is filled (cases.roles' delegationId). A feed read its deadlines by walking
 * every pending deadline in due order and testing each case's array or jsonb, which row-level
 * security will not let an index answer (neither `= ANY` nor jsonb operators are leakproof): at
 * 100,000 cases, 40,002 case rows for a person's empty feed. Here a feed is one range of a btree,
 * uuid and text equality, soonest first.
 *
 * Kept by triggers, so that every writer (the engine, the sweep, pausing and resuming a case, a
 * bulk copy) keeps it without a statement of its own: a deadline's rows are written again when it
 * is armed, settled, suspended, moved or deleted; a case's when whom it waits for or its roles
 * change. AFTER triggers run when the whole statement is done, so a statement that writes a case
 * and its deadlines together (the engine's one round trip) is seen whole, whichever runs first;
 * ON CONFLICT lets the second find the first's rows.
 *
 * A delegation's body is not rewritten (delegation.repository.ts changes its terms, never whose
 * it is), so a body's rows need no trigger on delegations.
 */
export class KeepWhomPendingDeadlinesConcern1796440700000 implements MigrationInterface {
  name = 'KeepWhomPendingDeadlinesConcern1796440700000';

  public async up(q: QueryRunner): Promise<void> {
    // concerns: 'person' or 'body', as the triggers below write it (they alone write the table).
    await q.query(`CREATE TABLE "deadline_concerns" (
      "tenant_id" uuid NOT NULL,
      "concerns" text NOT NULL,
      "subject_id" uuid NOT NULL,
      "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "deadline_id" uuid NOT NULL,
      "case_id" uuid NOT NULL,
      CONSTRAINT "PK_deadline_concerns" PRIMARY KEY ("tenant_id", "concerns", "subject_id", "due_at", "deadline_id"))`);
    await q.query(
      'CREATE INDEX "IDX_deadline_concerns_deadline" ON "deadline_concerns" ("tenant_id", "deadline_id")',
    );
    await q.query(
      'CREATE INDEX "IDX_deadline_concerns_case" ON "deadline_concerns" ("tenant_id", "case_id")',
    );
    await bindRowsToTheirCouncil(q, 'deadline_concerns');

    // Whom a case's pending deadlines concern: the same tests the feeds made of the case's row.
    await q.query(`CREATE FUNCTION deadline_concerns_of_case(c cases)
      RETURNS TABLE (concerns text, subject_id uuid) LANGUAGE sql STABLE AS $$
        SELECT 'person', p FROM unnest(c.awaiting_person_ids) p
        UNION
        SELECT 'body', g.delegator_body_id
          FROM jsonb_each(CASE WHEN jsonb_typeof(c.roles) = 'object' THEN c.roles ELSE '{}' END) r
          JOIN delegations g ON g.id::text = r.value->>'delegationId'
         WHERE g.tenant_id = c.tenant_id AND g.delegator_body_id IS NOT NULL
    $$`);
    await q.query(`CREATE FUNCTION keep_deadline_concerns_of_deadline() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          DELETE FROM deadline_concerns WHERE tenant_id = OLD.tenant_id AND deadline_id = OLD.id;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.status = 'pending' AND NEW.kind = 'deadline' THEN
          INSERT INTO deadline_concerns (tenant_id, concerns, subject_id, due_at, deadline_id, case_id)
          SELECT NEW.tenant_id, k.concerns, k.subject_id, NEW.due_at, NEW.id, NEW.case_id
            FROM cases c, deadline_concerns_of_case(c) k
           WHERE c.tenant_id = NEW.tenant_id AND c.id = NEW.case_id
          ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END
    $$`);
    await q.query(`CREATE FUNCTION keep_deadline_concerns_of_case() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM deadline_concerns WHERE tenant_id = NEW.tenant_id AND case_id = NEW.id;
        INSERT INTO deadline_concerns (tenant_id, concerns, subject_id, due_at, deadline_id, case_id)
        SELECT d.tenant_id, k.concerns, k.subject_id, d.due_at, d.id, d.case_id
          FROM deadlines d, deadline_concerns_of_case(NEW) k
         WHERE d.tenant_id = NEW.tenant_id AND d.case_id = NEW.id
           AND d.status = 'pending' AND d.kind = 'deadline'
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END
    $$`);
    // Only the writes that change what a row says: the WHEN is tested without calling the function.
    await q.query(`CREATE TRIGGER deadlines_keep_concerns_on_insert AFTER INSERT ON "deadlines"
      FOR EACH ROW WHEN (NEW.status = 'pending' AND NEW.kind = 'deadline')
      EXECUTE FUNCTION keep_deadline_concerns_of_deadline()`);
    await q.query(`CREATE TRIGGER deadlines_keep_concerns_on_update
      AFTER UPDATE OF status, kind, due_at, case_id ON "deadlines"
      FOR EACH ROW WHEN ((OLD.status = 'pending' OR NEW.status = 'pending')
        AND (OLD.status, OLD.kind, OLD.due_at, OLD.case_id) IS DISTINCT FROM (NEW.status, NEW.kind, NEW.due_at, NEW.case_id))
      EXECUTE FUNCTION keep_deadline_concerns_of_deadline()`);
    await q.query(`CREATE TRIGGER deadlines_keep_concerns_on_delete AFTER DELETE ON "deadlines"
      FOR EACH ROW WHEN (OLD.status = 'pending' AND OLD.kind = 'deadline')
      EXECUTE FUNCTION keep_deadline_concerns_of_deadline()`);
    await q.query(`CREATE TRIGGER cases_keep_deadline_concerns
      AFTER UPDATE OF awaiting_person_ids, roles ON "cases"
      FOR EACH ROW WHEN (OLD.awaiting_person_ids IS DISTINCT FROM NEW.awaiting_person_ids
        OR OLD.roles IS DISTINCT FROM NEW.roles)
      EXECUTE FUNCTION keep_deadline_concerns_of_case()`);
    // The deadlines pending now. In this migration's transaction: the triggers' locks hold the
    // writers back until it commits, so none is missed. Not a second at 100,000 cases, as this
    // said: 24 s (this fill) of 25 s (the migration) on a copy of that database at load 27
    // (docs/operations.md, Upgrades and migrations).
    await q.query(`INSERT INTO deadline_concerns (tenant_id, concerns, subject_id, due_at, deadline_id, case_id)
      SELECT d.tenant_id, k.concerns, k.subject_id, d.due_at, d.id, d.case_id
        FROM deadlines d JOIN cases c ON c.tenant_id = d.tenant_id AND c.id = d.case_id,
             deadline_concerns_of_case(c) k
       WHERE d.status = 'pending' AND d.kind = 'deadline'
      ON CONFLICT DO NOTHING`);
    await q.query('ANALYZE "deadline_concerns"');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER cases_keep_deadline_concerns ON "cases"');
    for (const on of ['insert', 'update', 'delete'])
      await q.query(`DROP TRIGGER deadlines_keep_concerns_on_${on} ON "deadlines"`);
    await q.query('DROP FUNCTION keep_deadline_concerns_of_case()');
    await q.query('DROP FUNCTION keep_deadline_concerns_of_deadline()');
    await q.query('DROP FUNCTION deadline_concerns_of_case(cases)');
    await unbindRowsFromTheirCouncil(q, 'deadline_concerns');
    await q.query('DROP TABLE "deadline_concerns"');
  }
}
