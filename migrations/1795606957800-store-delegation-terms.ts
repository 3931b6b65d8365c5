import { MigrationInterface, QueryRunner } from 'typeorm';

/** A delegation's financial limit and conditions are data in the directory, not code in a template. */
export class StoreDelegationTerms1795606957800 implements MigrationInterface {
  name = 'StoreDelegationTerms1795606957800';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "delegations" ADD "amount_limit" bigint');
    await q.query('ALTER TABLE "delegations" ADD "conditions" jsonb NOT NULL DEFAULT \'[]\'');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "delegations" DROP COLUMN "conditions"');
    await q.query('ALTER TABLE "delegations" DROP COLUMN "amount_limit"');
  }
}
