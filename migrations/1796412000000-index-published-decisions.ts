import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public register read every case of every template that publishes decisions, snapshot and
 * all, and built every notice before keeping the published ones: more than ten minutes at 100,000
 * cases (issue #21). A partial index holds only the cases whose decision is published, in the
 * register's order (newest publication first, then by case); the register repository pages them
 * with the same expression, so that a page reads only its own rows.
 */
export class IndexPublishedDecisions1796412000000 implements MigrationInterface {
  name = 'IndexPublishedDecisions1796412000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "IDX_cases_published_decisions"
        ON "cases" ("tenant_id", (snapshot #>> '{context,publication,publishedOn}') DESC, "id")
        WHERE (snapshot #>> '{context,publication,publishedOn}') IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "IDX_cases_published_decisions"');
  }
}
