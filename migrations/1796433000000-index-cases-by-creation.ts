import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexOnline, dropIndexOnline } from '../libs/database/online-index.service';

/**
 * audit:verify reads each council's cases 2,000 at a time in the order they were made (created_at,
 * then id), after the last one read: with no index in that order, PostgreSQL sorted every case of
 * the council for each batch, as much of its CPU as writing the batch's links (issue #21). This
 * index holds them in that order, so that a batch is a range of it.
 *
 * Built online, outside a transaction (ADR 0044): cases take events while it builds. Landed as a
 * plain CREATE INDEX; a database that ran it so has the same index, and never runs it again.
 */
export class IndexCasesByCreation1796433000000 implements MigrationInterface {
  name = 'IndexCasesByCreation1796433000000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await buildIndexOnline(q, {
      name: 'IDX_cases_tenant_created',
      table: 'cases',
      on: '("tenant_id", "created_at", "id")',
    });
  }

  public async down(q: QueryRunner): Promise<void> {
    await dropIndexOnline(q, 'IDX_cases_tenant_created');
  }
}
