import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The forward plan's published editions (what each listed, kept for ever) and each case's first
 * publication in one: append-only for the app's runtime role, as the audit records are.
 */
export class PublishTheForwardPlan1796358211692 implements MigrationInterface {
  name = 'PublishTheForwardPlan1796358211692';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "forward_plan_editions" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "published_on" date NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, "published_by" jsonb NOT NULL, "entries" jsonb NOT NULL, CONSTRAINT "PK_d98b1cf9272e0b4c2d9db85fe5e" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE INDEX "IDX_ece99ff03edf4a5c00ad91fb3e" ON "forward_plan_editions"  ("tenant_id", "published_on") ',
    );
    await q.query(
      'CREATE TABLE "forward_plan_entries" ("tenant_id" uuid NOT NULL, "case_id" uuid NOT NULL, "first_edition_id" uuid NOT NULL, "first_published_on" date NOT NULL, CONSTRAINT "PK_09d0c47a9186d6752ba62f3aa08" PRIMARY KEY ("tenant_id", "case_id"))',
    );
    await q.query(
      'REVOKE UPDATE, DELETE ON "forward_plan_editions", "forward_plan_entries" FROM ratify_runtime',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "forward_plan_entries"');
    await q.query('DROP INDEX "public"."IDX_ece99ff03edf4a5c00ad91fb3e"');
    await q.query('DROP TABLE "forward_plan_editions"');
  }
}
