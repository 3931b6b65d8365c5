import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scheme of delegation as records the council's administrators keep: a delegation is granted
 * by a body or by an office (exactly one), carries a version for concurrent edits, and a
 * revocation keeps its reference (the minute that revoked it) beside the instant it took effect.
 * Existing delegations were all granted by bodies and keep their rows as they are.
 */
export class KeepTheSchemeOfDelegation1795608724591 implements MigrationInterface {
  name = 'KeepTheSchemeOfDelegation1795608724591';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "delegations" ALTER COLUMN "delegator_body_id" DROP NOT NULL');
    await q.query('ALTER TABLE "delegations" ADD "delegator_office_id" uuid');
    await q.query(
      'ALTER TABLE "delegations" ADD CONSTRAINT "CHK_delegations_one_grantor" CHECK (("delegator_body_id" IS NULL) <> ("delegator_office_id" IS NULL))',
    );
    await q.query('ALTER TABLE "delegations" ADD "revocation_reference" text');
    await q.query('ALTER TABLE "delegations" ADD "version" integer NOT NULL DEFAULT 1');
    await q.query(
      'CREATE INDEX "IDX_delegations_delegate" ON "delegations" ("tenant_id", "delegate_office_id")',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "public"."IDX_delegations_delegate"');
    await q.query('ALTER TABLE "delegations" DROP COLUMN "version"');
    await q.query('ALTER TABLE "delegations" DROP COLUMN "revocation_reference"');
    await q.query('ALTER TABLE "delegations" DROP CONSTRAINT "CHK_delegations_one_grantor"');
    await q.query('ALTER TABLE "delegations" DROP COLUMN "delegator_office_id"');
    await q.query('ALTER TABLE "delegations" ALTER COLUMN "delegator_body_id" SET NOT NULL');
  }
}
