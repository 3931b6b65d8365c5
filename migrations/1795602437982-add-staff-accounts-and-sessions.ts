import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddStaffAccountsAndSessions1795602437982 implements MigrationInterface {
  name = 'AddStaffAccountsAndSessions1795602437982';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "staff_accounts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "person_id" uuid NOT NULL, "role" text NOT NULL, "password_hash" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "disabled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_25e92938ce9b35cca161db052ed" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE UNIQUE INDEX "IDX_6433df508a30e34f260b727ee8" ON "staff_accounts"  ("person_id") ',
    );
    await q.query(
      'CREATE TABLE "staff_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "account_id" uuid NOT NULL, "token_hash" text NOT NULL, "csrf_token" text NOT NULL, "method" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_b9be2467392ab95efaa3661cce2" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE UNIQUE INDEX "IDX_c435ca5b3c71d72635df8d4119" ON "staff_sessions"  ("token_hash") ',
    );
    await q.query(
      'CREATE INDEX "IDX_ac8c47ec9f306a17680e335826" ON "staff_sessions"  ("account_id") ',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "public"."IDX_ac8c47ec9f306a17680e335826"');
    await q.query('DROP INDEX "public"."IDX_c435ca5b3c71d72635df8d4119"');
    await q.query('DROP TABLE "staff_sessions"');
    await q.query('DROP INDEX "public"."IDX_6433df508a30e34f260b727ee8"');
    await q.query('DROP TABLE "staff_accounts"');
  }
}
