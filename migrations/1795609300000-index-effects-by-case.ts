import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every case view (lists, the dashboard, the case page) reads the case's failed emails by
 * case_id. Without an index that was a scan of every email ever queued, once per case listed.
 */
export class IndexEffectsByCase1795609300000 implements MigrationInterface {
  name = 'IndexEffectsByCase1795609300000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX "IDX_effects_case_status" ON "effects" ("case_id", "status")');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "IDX_effects_case_status"');
  }
}
