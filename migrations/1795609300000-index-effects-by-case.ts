import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexOnline, dropIndexOnline } from '../libs/database/online-index.service';

/**
 * Every case view (lists, the dashboard, the case page) reads the case's failed emails by
 * case_id. Without an index that was a scan of every email ever queued, once per case listed.
 *
 * Built online, outside a transaction (ADR 0044): emails are queued while it builds. Landed as a
 * plain CREATE INDEX; a database that ran it so has the same index, and never runs it again.
 */
export class IndexEffectsByCase1795609300000 implements MigrationInterface {
  name = 'IndexEffectsByCase1795609300000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await buildIndexOnline(q, {
      name: 'IDX_effects_case_status',
      table: 'effects',
      on: '("case_id", "status")',
    });
  }

  public async down(q: QueryRunner): Promise<void> {
    await dropIndexOnline(q, 'IDX_effects_case_status');
  }
}
