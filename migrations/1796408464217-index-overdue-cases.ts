import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexOnline, dropIndexOnline } from '../libs/database/online-index.service';

/**
 * "Overdue" case lists (GET /api/cases?overdue=true, the officer dashboard's overdue panel and
 * count) asked every case of the council whether any of its snapshot's `context.overdue` flags is
 * true: 1.2 s at 100,000 cases (issue #21). A partial index holds only the overdue cases, in the
 * lists' order; the repository's filter is the same expression, so that the planner can use it.
 *
 * Built online, outside a transaction (ADR 0044): cases take events while it builds. Landed as a
 * plain CREATE INDEX; a database that ran it so has the same index, and never runs it again.
 */
export class IndexOverdueCases1796408464217 implements MigrationInterface {
  name = 'IndexOverdueCases1796408464217';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await buildIndexOnline(q, {
      name: 'IDX_cases_overdue',
      table: 'cases',
      on: `("tenant_id", "updated_at" DESC, "id")
        WHERE jsonb_path_exists(snapshot, '$.context.overdue.* ? (@ == true)')`,
    });
  }

  public async down(q: QueryRunner): Promise<void> {
    await dropIndexOnline(q, 'IDX_cases_overdue');
  }
}
