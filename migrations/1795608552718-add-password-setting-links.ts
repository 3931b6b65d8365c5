import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time links to set a staff account's password (the first administrator of a new council gets
 * one from tenant:create): the token is kept only as its SHA-256, with its expiry and when it was
 * used, so a link works once and not after its time.
 */
export class AddPasswordSettingLinks1795608552718 implements MigrationInterface {
  name = 'AddPasswordSettingLinks1795608552718';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "password_links" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "tenant_id" uuid NOT NULL,
      "account_id" uuid NOT NULL,
      "token_hash" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "used_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_password_links" PRIMARY KEY ("id"))`);
    await q.query(
      'CREATE UNIQUE INDEX "IDX_password_links_token_hash" ON "password_links" ("token_hash")',
    );
    await q.query('CREATE INDEX "IDX_password_links_account" ON "password_links" ("account_id")');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "password_links"');
  }
}
