import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexOnline, dropIndexOnline } from '../libs/database/online-index.service';

/**
 * The officer's dashboard counted its open cases by stage from every open case's row, a scan of
 * the whole table at 100,000 cases (issue #21). This narrow index holds only the open cases'
 * template and state key: the dashboard finds the states in use from it and counts each, up to a
 * bound, from a range of it (libs/engine/officer-dashboard.repository.ts).
 *
 * Built online, outside a transaction (ADR 0044): cases take events while it builds.
 */
export class IndexOpenCasesByState1796441400000 implements MigrationInterface {
  name = 'IndexOpenCasesByState1796441400000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await buildIndexOnline(q, {
      name: 'IDX_cases_open_stage',
      table: 'cases',
      on: `("tenant_id", "template_id", "state_key") WHERE "closed_at" IS NULL`,
    });
  }

  public async down(q: QueryRunner): Promise<void> {
    await dropIndexOnline(q, 'IDX_cases_open_stage');
  }
}
