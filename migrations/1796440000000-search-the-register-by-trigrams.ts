import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public register's word search matched a substring of text built from each decision's
 * snapshot, row by row: every published decision read for a search that matched none, about a
 * second at 100,000 cases (issue #21). pg_trgm (a contrib extension PostgreSQL ships, trusted:
 * a database owner may create it) indexes such text by its trigrams and serves LIKE '%words%'
 * (docs/adr/0051). Statistics on the template version key let the planner see how many cases a
 * list of versions keeps, so that it reads the register's index in order rather than sorting it.
 */
export class SearchTheRegisterByTrigrams1796440000000 implements MigrationInterface {
  name = 'SearchTheRegisterByTrigrams1796440000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await q.query(
      `CREATE STATISTICS IF NOT EXISTS "STAT_cases_version_key"
         ON ((template_id || '@' || template_version)) FROM cases`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP STATISTICS IF EXISTS "STAT_cases_version_key"');
  }
}
