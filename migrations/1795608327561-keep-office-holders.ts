import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Offices keep the history of who held them (from, until, acting or substantive), so that "who
 * held the office on the day" is answerable and a new holder can take over; offices get a version
 * for concurrent edits. Today's holder of each office becomes a substantive holding from the
 * earliest day the council's record knows of (its creation, or its first case if earlier), and the
 * single holder column goes: every read of a holder now asks for a day.
 */
export class KeepOfficeHolders1795608327561 implements MigrationInterface {
  name = 'KeepOfficeHolders1795608327561';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "office_holders" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "tenant_id" uuid NOT NULL,
      "office_id" uuid NOT NULL,
      "person_id" uuid NOT NULL,
      "held_from" date NOT NULL,
      "held_until" date,
      "kind" text NOT NULL,
      "version" integer NOT NULL DEFAULT 1,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_office_holders" PRIMARY KEY ("id"))`);
    await q.query(
      'CREATE INDEX "IDX_office_holders_office" ON "office_holders" ("tenant_id", "office_id", "held_from")',
    );
    await q.query(
      'CREATE INDEX "IDX_office_holders_person" ON "office_holders" ("tenant_id", "person_id")',
    );
    await q.query(`INSERT INTO office_holders (tenant_id, office_id, person_id, held_from, kind)
      SELECT o.tenant_id, o.id, o.holder_person_id,
             (LEAST(t.created_at, (SELECT min(c.created_at) FROM cases c WHERE c.tenant_id = o.tenant_id))
               AT TIME ZONE 'Europe/London')::date,
             'substantive'
        FROM offices o JOIN tenants t ON t.tenant_id = o.tenant_id
       WHERE o.holder_person_id IS NOT NULL`);
    await q.query('ALTER TABLE "offices" DROP COLUMN "holder_person_id"');
    await q.query('ALTER TABLE "offices" ADD "version" integer NOT NULL DEFAULT 1');
    await q.query(
      'CREATE TRIGGER office_holders_bump_directory_version AFTER INSERT OR UPDATE OR DELETE ON "office_holders" FOR EACH ROW EXECUTE FUNCTION bump_directory_version()',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER office_holders_bump_directory_version ON "office_holders"');
    await q.query('ALTER TABLE "offices" DROP COLUMN "version"');
    await q.query('ALTER TABLE "offices" ADD "holder_person_id" uuid');
    // The holder of today, or of the last holding, as the single column knew it.
    await q.query(`UPDATE offices o SET holder_person_id = (
      SELECT h.person_id FROM office_holders h WHERE h.office_id = o.id AND h.tenant_id = o.tenant_id
       ORDER BY (h.held_until IS NULL) DESC, h.held_until DESC, h.held_from DESC LIMIT 1)`);
    await q.query('DROP TABLE "office_holders"');
  }
}
