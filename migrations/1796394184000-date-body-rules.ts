import { MigrationInterface, QueryRunner } from 'typeorm';

const BOUND = "tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid";

/**
 * A body's rules with the days they are in force (issue #10): each meeting is judged by the rules
 * in force on its date, not by whatever the body's rules are when someone reads them. Every body
 * with rules gets one row holding them from when it was set up (no day: the directory never
 * recorded one), recorded by this migration, or by whoever created the body when the directory's
 * change chain says so. `bodies.rules` stays, kept by BodyRepository as the latest rules (the
 * form's starting point); dated reads go to `body_rules`. Bound to its council like every table
 * with a tenant_id (ADR 0015): a composite key to its body, row-level security forced.
 */
export class DateBodyRules1796394184000 implements MigrationInterface {
  name = 'DateBodyRules1796394184000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "body_rules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "body_id" uuid NOT NULL, "in_force_from" date, "rules" jsonb NOT NULL, "reason" text, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_by" jsonb NOT NULL, CONSTRAINT "PK_body_rules" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE UNIQUE INDEX "UQ_body_rules_body_day" ON "body_rules" ("tenant_id", "body_id", "in_force_from") ',
    );
    // One undated row per body: the unique index above lets NULLs repeat.
    await q.query(
      'CREATE UNIQUE INDEX "UQ_body_rules_first" ON "body_rules" ("tenant_id", "body_id") WHERE "in_force_from" IS NULL',
    );
    await q.query(
      'ALTER TABLE "body_rules" ADD CONSTRAINT "FK_tenant_body_rules_body_id" FOREIGN KEY ("tenant_id", "body_id") REFERENCES "bodies" ("tenant_id", "id")',
    );
    await q.query(`INSERT INTO body_rules (tenant_id, body_id, in_force_from, rules, reason, recorded_at, recorded_by)
      SELECT b.tenant_id, b.id, NULL, b.rules, NULL,
             coalesce(c.recorded_at, now()),
             coalesce(c.actor, '{"kind":"system","tool":"migration"}'::jsonb)
        FROM bodies b
        LEFT JOIN LATERAL (
          SELECT recorded_at, actor FROM directory_changes
           WHERE tenant_id = b.tenant_id AND subject = 'body' AND subject_id = b.id AND action = 'created'
           ORDER BY seq LIMIT 1) c ON true
       WHERE b.rules IS NOT NULL`);
    await q.query('ALTER TABLE "body_rules" ENABLE ROW LEVEL SECURITY');
    await q.query('ALTER TABLE "body_rules" FORCE ROW LEVEL SECURITY');
    await q.query(
      `CREATE POLICY "tenant_bound" ON "body_rules" TO ratify_runtime USING (${BOUND}) WITH CHECK (${BOUND})`,
    );
    await q.query(
      'CREATE POLICY "tenant_sweep" ON "body_rules" TO ratify_sweep USING (true) WITH CHECK (true)',
    );
    await q.query(
      'CREATE POLICY "tenant_owner" ON "body_rules" TO CURRENT_USER USING (true) WITH CHECK (true)',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "body_rules"');
  }
}
