import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Overdue" case lists (GET /api/cases?overdue=true, the officer dashboard's overdue panel and
 * count) asked every case of the council whether any of its snapshot's `context.overdue` flags is
 * true: 1.2 s at 100,000 cases (issue #21). A partial index holds only the overdue cases, in the
 * lists' order; the repository's filter is the same expression, so that the planner can use it.
 */
export class IndexOverdueCases1796408464217 implements MigrationInterface {
  name = 'IndexOverdueCases1796408464217';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "IDX_cases_overdue" ON "cases" ("tenant_id", "updated_at" DESC, "id")
        WHERE jsonb_path_exists(snapshot, '$.context.overdue.* ? (@ == true)')`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "IDX_cases_overdue"');
  }
}
