import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A high-water mark for the webhooks' fan-out, so that a sweep reads only the audit records after
 * it rather than the whole chain. Ids are handed out when a record is inserted, not when its
 * transaction commits, so a mark on the id alone would step over a record whose transaction was
 * still open. Each record therefore keeps the id of the transaction that wrote it (txid), and a
 * sweep reads only records of transactions older than every transaction still running
 * (pg_snapshot_xmin): none of those can appear later, so the mark (txid, id) never passes one.
 * Existing records take this migration's transaction id.
 */
export class WebhookCursors1796370580878 implements MigrationInterface {
  name = 'WebhookCursors1796370580878';

  public async up(q: QueryRunner): Promise<void> {
    // A function rather than the bare cast, so that the entity can name the default as stored.
    await q.query(`CREATE FUNCTION current_txid() RETURNS bigint LANGUAGE sql VOLATILE
      AS 'SELECT pg_current_xact_id()::text::bigint'`);
    await q.query('ALTER TABLE "audit_records" ADD "txid" bigint NOT NULL DEFAULT current_txid()');
    await q.query(
      'CREATE INDEX "IDX_audit_records_tenant_txid" ON "audit_records" ("tenant_id", "txid", "id")',
    );
    await q.query(`CREATE TABLE "webhook_cursors" (
      "tenant_id" uuid NOT NULL,
      "txid" bigint NOT NULL,
      "audit_id" bigint NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_webhook_cursors" PRIMARY KEY ("tenant_id"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "webhook_cursors"');
    await q.query('DROP INDEX "IDX_audit_records_tenant_txid"');
    await q.query('ALTER TABLE "audit_records" DROP COLUMN "txid"');
    await q.query('DROP FUNCTION current_txid()');
  }
}
