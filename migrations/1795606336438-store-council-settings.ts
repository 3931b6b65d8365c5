import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each council's own settings for the rules (calendar closures, clear days, interests, call-in). */
export class StoreCouncilSettings1795606336438 implements MigrationInterface {
  name = 'StoreCouncilSettings1795606336438';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "tenants" ADD "settings" jsonb NOT NULL DEFAULT \'{}\'');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "tenants" DROP COLUMN "settings"');
  }
}
