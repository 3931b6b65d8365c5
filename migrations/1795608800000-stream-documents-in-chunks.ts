import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents move from one bytea column to 256 kB chunks (ADR 0008), gain a kind, the uploaded
 * file's name, their place in a series of versions, a legal hold and the record of a disposal.
 * Existing content is cut into chunks in SQL; existing versions get their series and number from
 * their replaced_by chain.
 */
export class StreamDocumentsInChunks1795608800000 implements MigrationInterface {
  name = 'StreamDocumentsInChunks1795608800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "document_chunks" ("document_id" uuid NOT NULL, "seq" integer NOT NULL, "tenant_id" uuid NOT NULL, "data" bytea NOT NULL, CONSTRAINT "PK_ca7ad7d0265b2a08bd7de529b19" PRIMARY KEY ("document_id", "seq"))',
    );
    await q.query(
      `INSERT INTO "document_chunks" ("document_id", "seq", "tenant_id", "data")
       SELECT d.id, s.n, d.tenant_id, substring(d.content FROM s.n * 262144 + 1 FOR 262144)
         FROM "documents" d
         CROSS JOIN LATERAL generate_series(0, greatest((length(d.content) - 1) / 262144, 0)) AS s(n)`,
    );
    await q.query('ALTER TABLE "documents" DROP COLUMN "content"');
    await q.query('ALTER TABLE "documents" ADD "kind" text NOT NULL DEFAULT \'plan\'');
    await q.query('ALTER TABLE "documents" ADD "file_name" text');
    await q.query('ALTER TABLE "documents" ADD "series_id" uuid');
    await q.query('ALTER TABLE "documents" ADD "version" integer NOT NULL DEFAULT \'1\'');
    await q.query(
      `WITH RECURSIVE chain AS (
         SELECT d.id, d.id AS series_id, 1 AS version FROM "documents" d
          WHERE NOT EXISTS (SELECT 1 FROM "documents" o WHERE o.replaced_by = d.id)
         UNION ALL
         SELECT n.id, chain.series_id, chain.version + 1 FROM chain
           JOIN "documents" p ON p.id = chain.id JOIN "documents" n ON n.id = p.replaced_by)
       UPDATE "documents" d SET series_id = chain.series_id, version = chain.version
         FROM chain WHERE chain.id = d.id`,
    );
    await q.query('UPDATE "documents" SET series_id = id WHERE series_id IS NULL');
    await q.query('ALTER TABLE "documents" ALTER COLUMN "series_id" SET NOT NULL');
    await q.query('ALTER TABLE "documents" ADD "legal_hold" text');
    await q.query('ALTER TABLE "documents" ADD "disposed_at" TIMESTAMP WITH TIME ZONE');
    await q.query('ALTER TABLE "documents" ADD "disposal_rule" text');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "documents" ADD "content" bytea');
    await q.query(
      `UPDATE "documents" d SET content = (SELECT string_agg(c.data, ''::bytea ORDER BY c.seq)
         FROM "document_chunks" c WHERE c.document_id = d.id)`,
    );
    await q.query(`UPDATE "documents" SET content = ''::bytea WHERE content IS NULL`);
    await q.query('ALTER TABLE "documents" ALTER COLUMN "content" SET NOT NULL');
    for (const c of [
      'disposal_rule',
      'disposed_at',
      'legal_hold',
      'version',
      'series_id',
      'file_name',
      'kind',
    ])
      await q.query(`ALTER TABLE "documents" DROP COLUMN "${c}"`);
    await q.query('DROP TABLE "document_chunks"');
  }
}
