import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * audit:verify reads each council's cases 2,000 at a time in the order they were made (created_at,
 * then id), after the last one read: with no index in that order, PostgreSQL sorted every case of
 * the council for each batch, as much of its CPU as writing the batch's links (issue #21). This
 * index holds them in that order, so that a batch is a range of it.
 */
export class IndexCasesByCreation1796433000000 implements MigrationInterface {
  name = 'IndexCasesByCreation1796433000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "IDX_cases_tenant_created" ON "cases" ("tenant_id", "created_at", "id")`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "IDX_cases_tenant_created"');
  }
}
