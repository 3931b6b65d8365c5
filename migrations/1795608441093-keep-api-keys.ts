import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys become records of their own: several per person, each with a name, when it was made
 * and last used, an optional expiry and a revocation, kept only as the key's SHA-256. Each
 * person's one key moves across unchanged, so every key that works today keeps working.
 *
 * No directory-version trigger here: no cached directory reads keys, and the last-used time is
 * written as keys are used, which would otherwise throw away every cached directory each minute.
 */
export class KeepApiKeys1795608441093 implements MigrationInterface {
  name = 'KeepApiKeys1795608441093';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "api_keys" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "tenant_id" uuid NOT NULL,
      "person_id" uuid NOT NULL,
      "name" text NOT NULL,
      "key_hash" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "last_used_at" TIMESTAMP WITH TIME ZONE,
      "expires_at" TIMESTAMP WITH TIME ZONE,
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_api_keys" PRIMARY KEY ("id"))`);
    await q.query('CREATE UNIQUE INDEX "IDX_api_keys_key_hash" ON "api_keys" ("key_hash")');
    await q.query('CREATE INDEX "IDX_api_keys_person" ON "api_keys" ("tenant_id", "person_id")');
    await q.query(`INSERT INTO api_keys (tenant_id, person_id, name, key_hash, created_at)
      SELECT tenant_id, id, 'Key kept before keys had names', api_key_hash, now()
        FROM people WHERE api_key_hash IS NOT NULL`);
    await q.query('DROP INDEX "public"."IDX_b972dbb788ed66bfe5fcd1e5ba"');
    await q.query('ALTER TABLE "people" DROP COLUMN "api_key_hash"');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "people" ADD "api_key_hash" text');
    // One key per person fits the old column: each person's newest key that still works.
    await q.query(`UPDATE people p SET api_key_hash = (
      SELECT k.key_hash FROM api_keys k WHERE k.person_id = p.id AND k.revoked_at IS NULL
       ORDER BY k.created_at DESC LIMIT 1)`);
    await q.query(
      'CREATE UNIQUE INDEX "IDX_b972dbb788ed66bfe5fcd1e5ba" ON "people" ("api_key_hash")',
    );
    await q.query('DROP TABLE "api_keys"');
  }
}
