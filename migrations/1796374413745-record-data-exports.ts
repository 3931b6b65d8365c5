import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The record of exports (issue #18): every export of a council's records, or of one person's, with
 * who asked and when. The runtime role may add and read them, never change or remove one.
 */
export class RecordDataExports1796374413745 implements MigrationInterface {
  name = 'RecordDataExports1796374413745';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "data_exports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "kind" text NOT NULL, "subject_email" text, "requested_by" jsonb NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "channel" text NOT NULL, CONSTRAINT "PK_data_exports" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE INDEX "IDX_data_exports_tenant_requested" ON "data_exports" ("tenant_id", "requested_at") ',
    );
    await q.query(`DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ratify_runtime') THEN
        REVOKE UPDATE, DELETE ON "data_exports" FROM ratify_runtime;
      END IF;
    END $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "data_exports"');
  }
}
