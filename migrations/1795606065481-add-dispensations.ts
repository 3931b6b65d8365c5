import { MigrationInterface, QueryRunner } from 'typeorm';

/** The register of dispensations (Localism Act 2011 s33) that declarations of interest rely on. */
export class AddDispensations1795606065481 implements MigrationInterface {
  name = 'AddDispensations1795606065481';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "dispensations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "person_id" uuid NOT NULL, "grantor" text NOT NULL, "ground" text NOT NULL, "matters" text array NOT NULL, "relieves_from" text array NOT NULL, "granted_on" date NOT NULL, "ends_on" date NOT NULL, "revoked_on" date, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_2fd4df898cc037676b04fffbe7c" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE INDEX "IDX_9dbf1e78fc537aa9a2ac461b2b" ON "dispensations"  ("tenant_id", "person_id") ',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "public"."IDX_9dbf1e78fc537aa9a2ac461b2b"');
    await q.query('DROP TABLE "dispensations"');
  }
}
