import { MigrationInterface, QueryRunner } from 'typeorm';

/** The case row keeps the hash of its audit chain's last link, so appending needs no extra read. */
export class KeepAuditHeadOnCases1795603528562 implements MigrationInterface {
  name = 'KeepAuditHeadOnCases1795603528562';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "cases" ADD "audit_head" text NOT NULL DEFAULT \'\'');
    await q.query(
      `UPDATE cases c SET audit_head = a.hash
         FROM (SELECT DISTINCT ON (case_id) case_id, hash FROM audit_records ORDER BY case_id, seq DESC) a
        WHERE a.case_id = c.id`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "cases" DROP COLUMN "audit_head"');
  }
}
