import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  bindRowsToTheirCouncil,
  unbindRowsFromTheirCouncil,
} from '../libs/database/tenant-row-security.service';
import { fillBesideCases, makeOnce } from '../libs/database/online-fill.service';

/**
 * Whom each case waits for, one row a person, beside the case (issue #21, docs/adr/0053): the
 * API's `?awaiting=` list read every case in order and tested its awaiting_person_ids array, as
 * row-level security will not let an index answer an array's `@>` (not leakproof): at 100,000
 * cases, 100,005 rows tested for a person awaited nowhere. Here the list is one range of a btree
 * by uuid equality, most recently changed first (updated_at is the case's, kept with it).
 *
 * Kept by triggers, so that every writer (the engine, the lifecycle, hand-overs, a bulk copy)
 * keeps it without a statement of its own. Online, as an index on cases is built (ADR 0044): the
 * table and its triggers in one short transaction, then the cases there already in batches, each
 * batch's rows held FOR SHARE while their rows beside them are written, so that a write to a case
 * either came before (and its latest array is the one read) or waits and then fires the trigger.
 * Run again after a failure, it writes the batches again (idempotent) without making the table.
 */
export class KeepWhomCasesAwait1796440800000 implements MigrationInterface {
  name = 'KeepWhomCasesAwait1796440800000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await makeOnce(q, 'case_awaits', () => this.make(q));
    await fillBesideCases(q, {
      columns: 'tenant_id, id, awaiting_person_ids, updated_at',
      write: `INSERT INTO case_awaits (tenant_id, case_id, person_id, updated_at)
           SELECT DISTINCT b.tenant_id, b.id, p, b.updated_at FROM batch b, unnest(b.awaiting_person_ids) p
           ON CONFLICT (case_id, person_id) DO UPDATE SET updated_at = excluded.updated_at`,
    });
  }

  /** The table, its index and policies, and the triggers that keep it: one transaction. */
  private async make(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "case_awaits" (
      "tenant_id" uuid NOT NULL,
      "case_id" uuid NOT NULL,
      "person_id" uuid NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_case_awaits" PRIMARY KEY ("case_id", "person_id"),
      CONSTRAINT "FK_tenant_case_awaits_case_id" FOREIGN KEY ("tenant_id", "case_id")
        REFERENCES "cases" ("tenant_id", "id") ON DELETE CASCADE)`);
    await q.query(
      'CREATE INDEX "IDX_case_awaits_person" ON "case_awaits" ("tenant_id", "person_id", "updated_at" DESC, "case_id")',
    );
    await bindRowsToTheirCouncil(q, 'case_awaits');
    await q.query(`CREATE FUNCTION keep_case_awaits() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM case_awaits
         WHERE case_id = NEW.id AND person_id <> ALL (NEW.awaiting_person_ids);
        INSERT INTO case_awaits (tenant_id, case_id, person_id, updated_at)
        SELECT DISTINCT NEW.tenant_id, NEW.id, p, NEW.updated_at FROM unnest(NEW.awaiting_person_ids) p
        ON CONFLICT (case_id, person_id) DO UPDATE SET updated_at = excluded.updated_at
         WHERE case_awaits.updated_at IS DISTINCT FROM excluded.updated_at;
        RETURN NULL;
      END
    $$`);
    await q.query(`CREATE TRIGGER cases_keep_awaits_inserted AFTER INSERT ON "cases"
      FOR EACH ROW WHEN (cardinality(NEW.awaiting_person_ids) > 0) EXECUTE FUNCTION keep_case_awaits()`);
    await q.query(`CREATE TRIGGER cases_keep_awaits_updated AFTER UPDATE OF awaiting_person_ids, updated_at ON "cases"
      FOR EACH ROW WHEN (OLD.awaiting_person_ids IS DISTINCT FROM NEW.awaiting_person_ids
        OR (OLD.updated_at IS DISTINCT FROM NEW.updated_at AND cardinality(NEW.awaiting_person_ids) > 0))
      EXECUTE FUNCTION keep_case_awaits()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER cases_keep_awaits_updated ON "cases"');
    await q.query('DROP TRIGGER cases_keep_awaits_inserted ON "cases"');
    await q.query('DROP FUNCTION keep_case_awaits()');
    await unbindRowsFromTheirCouncil(q, 'case_awaits');
    await q.query('DROP TABLE "case_awaits"');
  }
}
