import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexOnline, dropIndexOnline } from '../libs/database/online-index.service';

/**
 * Case lists (GET /api/cases, the officer dashboard, search) read a council's cases newest change
 * first, a page at a time: ORDER BY updated_at DESC, id within the tenant. Without an index in
 * that order every page sorted all the council's cases (0.8 s at 100,000; issue #21).
 *
 * Built online, outside a transaction (ADR 0044): cases take events while it builds. Landed as a
 * plain CREATE INDEX; a database that ran it so has the same index, and never runs it again.
 */
export class IndexCasesByLastChange1795609200000 implements MigrationInterface {
  name = 'IndexCasesByLastChange1795609200000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await buildIndexOnline(q, {
      name: 'IDX_cases_tenant_updated',
      table: 'cases',
      on: '("tenant_id", "updated_at" DESC, "id")',
    });
  }

  public async down(q: QueryRunner): Promise<void> {
    await dropIndexOnline(q, 'IDX_cases_tenant_updated');
  }
}
