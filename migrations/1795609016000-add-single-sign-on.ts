import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single sign-on through OpenID Connect (issue #16): an identity provider per organisation of a
 * tenant, as data its administrators edit (the client secret is never stored: the row names the
 * environment variable that holds it); the provider subjects linked to staff accounts; sign-ins
 * started and not yet finished (state, nonce and PKCE verifier against a hashed browser key, used
 * once); and each tenant's policy on local passwords.
 */
export class AddSingleSignOn1795609016000 implements MigrationInterface {
  name = 'AddSingleSignOn1795609016000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "identity_providers" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "tenant_id" uuid NOT NULL,
      "organisation_id" uuid NOT NULL,
      "name" text NOT NULL,
      "issuer" text NOT NULL,
      "client_id" text NOT NULL,
      "client_secret_setting" text NOT NULL,
      "email_domains" jsonb NOT NULL DEFAULT '[]',
      "verified_email_claim" text NOT NULL DEFAULT 'email_verified',
      "enabled" boolean NOT NULL DEFAULT true,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "updated_by" uuid,
      "version" integer NOT NULL DEFAULT 1,
      CONSTRAINT "PK_identity_providers" PRIMARY KEY ("id"))`);
    await q.query(
      'CREATE UNIQUE INDEX "IDX_identity_providers_organisation" ON "identity_providers" ("tenant_id", "organisation_id")',
    );
    await q.query(`CREATE TABLE "staff_identities" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "tenant_id" uuid NOT NULL,
      "account_id" uuid NOT NULL,
      "provider_id" uuid NOT NULL,
      "subject" text NOT NULL,
      "linked_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_staff_identities" PRIMARY KEY ("id"))`);
    await q.query(
      'CREATE UNIQUE INDEX "IDX_staff_identities_subject" ON "staff_identities" ("provider_id", "subject")',
    );
    await q.query(
      'CREATE UNIQUE INDEX "IDX_staff_identities_account" ON "staff_identities" ("account_id", "provider_id")',
    );
    await q.query(`CREATE TABLE "oidc_sign_ins" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "tenant_id" uuid NOT NULL,
      "provider_id" uuid NOT NULL,
      "browser_key_hash" text NOT NULL,
      "state" text NOT NULL,
      "nonce" text NOT NULL,
      "code_verifier" text NOT NULL,
      "next" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "used_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_oidc_sign_ins" PRIMARY KEY ("id"))`);
    await q.query(
      'CREATE UNIQUE INDEX "IDX_oidc_sign_ins_browser_key" ON "oidc_sign_ins" ("browser_key_hash")',
    );
    await q.query(`CREATE TABLE "sign_in_policies" (
      "tenant_id" uuid NOT NULL,
      "local_passwords" text NOT NULL DEFAULT 'everyone',
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "updated_by" uuid,
      CONSTRAINT "PK_sign_in_policies" PRIMARY KEY ("tenant_id"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "sign_in_policies"');
    await q.query('DROP TABLE "oidc_sign_ins"');
    await q.query('DROP TABLE "staff_identities"');
    await q.query('DROP TABLE "identity_providers"');
  }
}
