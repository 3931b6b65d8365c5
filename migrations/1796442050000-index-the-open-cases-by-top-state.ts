import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexOnline, dropIndexOnline } from '../libs/database/online-index.service';

/**
 * One stage's open cases, most recently changed first, for the dashboard's `/cases?stage=`
 * (issue #21): by `=` on `cases.top_state` (kept and filled by migration 1796442000000), which
 * row-level security lets an index answer.
 *
 * Built online, outside a transaction, in a migration of its own (ADR 0044): cases take events
 * while it builds.
 */
export class IndexTheOpenCasesByTopState1796442050000 implements MigrationInterface {
  name = 'IndexTheOpenCasesByTopState1796442050000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await buildIndexOnline(q, {
      name: 'IDX_cases_open_top_state',
      table: 'cases',
      // "top_state IS NOT NULL" (every row the trigger wrote) is implied only by a condition on
      // top_state: the dashboard's count of states (IDX_cases_open_stage) is not offered this one.
      on: `("tenant_id", "top_state", "template_id", "updated_at" DESC, "id")
           WHERE "closed_at" IS NULL AND "top_state" IS NOT NULL`,
    });
  }

  public async down(q: QueryRunner): Promise<void> {
    await dropIndexOnline(q, 'IDX_cases_open_top_state');
  }
}
