import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each document says where its bytes are (ADR 0017): in PostgreSQL's chunks, as every document so
 * far, or in object storage. A council that changes DOCUMENT_STORE keeps reading the documents it
 * stored before from where they are.
 */
export class SayWhereDocumentContentIs1796374950630 implements MigrationInterface {
  name = 'SayWhereDocumentContentIs1796374950630';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE "documents" ADD "content_store" text NOT NULL DEFAULT \'postgresql\'',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "documents" DROP COLUMN "content_store"');
  }
}
