import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-factor sign-in for local passwords (issue #16): an account's authenticator app (TOTP seed,
 * the last time step used so that no code is used twice, failed tries for throttling) and its
 * recovery codes (kept as SHA-256, each used once); a session signed in with a password that still
 * owes its second factor.
 */
export class KeepSecondFactors1795609316000 implements MigrationInterface {
  name = 'KeepSecondFactors1795609316000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "staff_second_factors" (
      "account_id" uuid NOT NULL,
      "tenant_id" uuid NOT NULL,
      "secret" text NOT NULL,
      "confirmed_at" TIMESTAMP WITH TIME ZONE,
      "last_step" bigint,
      "failures" integer NOT NULL DEFAULT 0,
      "locked_until" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_staff_second_factors" PRIMARY KEY ("account_id"))`);
    await q.query(`CREATE TABLE "staff_recovery_codes" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "tenant_id" uuid NOT NULL,
      "account_id" uuid NOT NULL,
      "code_hash" text NOT NULL,
      "used_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_staff_recovery_codes" PRIMARY KEY ("id"))`);
    await q.query(
      'CREATE INDEX "IDX_staff_recovery_codes_account" ON "staff_recovery_codes" ("account_id")',
    );
    await q.query(
      'ALTER TABLE "staff_sessions" ADD "second_factor_pending" boolean NOT NULL DEFAULT false',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "staff_sessions" DROP COLUMN "second_factor_pending"');
    await q.query('DROP TABLE "staff_recovery_codes"');
    await q.query('DROP TABLE "staff_second_factors"');
  }
}
