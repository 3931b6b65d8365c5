import { MigrationInterface, QueryRunner } from 'typeorm';

const BOUND = "tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid";

/**
 * Absences with a deputy (issue #15, docs/adr/0033): a person away from a first to a last day
 * (London dates), the deputy who covers and the delegation that lets them, who recorded it and
 * when, and when it was cancelled or its requests handed to the deputy. Bound to its council like
 * every other table (ADR 0015).
 */
export class KeepAbsences1796416000000 implements MigrationInterface {
  name = 'KeepAbsences1796416000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "absences" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "tenant_id" uuid NOT NULL,
      "person_id" uuid NOT NULL,
      "deputy_person_id" uuid NOT NULL,
      "delegation_id" uuid NOT NULL,
      "first_day" date NOT NULL,
      "last_day" date NOT NULL,
      "note" text,
      "recorded_by" uuid NOT NULL,
      "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "cancelled_by" uuid,
      "cancelled_at" TIMESTAMP WITH TIME ZONE,
      "covered_at" TIMESTAMP WITH TIME ZONE,
      "version" integer NOT NULL DEFAULT 1,
      CONSTRAINT "CHK_absences_days" CHECK ("last_day" >= "first_day"),
      CONSTRAINT "CHK_absences_deputy" CHECK ("deputy_person_id" <> "person_id"),
      CONSTRAINT "PK_absences" PRIMARY KEY ("id"))`);
    await q.query(
      'CREATE INDEX "IDX_absences_person" ON "absences" ("tenant_id", "person_id", "first_day")',
    );
    await q.query(
      'CREATE INDEX "IDX_absences_deputy" ON "absences" ("tenant_id", "deputy_person_id", "first_day")',
    );
    // The delegation is checked by the use case (delegations carry no UQ_tenant key to refer to).
    for (const [column, table] of [
      ['person_id', 'people'],
      ['deputy_person_id', 'people'],
    ])
      await q.query(
        `ALTER TABLE "absences" ADD CONSTRAINT "FK_tenant_absences_${column}" FOREIGN KEY ("tenant_id", "${column}") REFERENCES "${table}" ("tenant_id", "id")`,
      );
    const table = 'absences';
    await q.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
    await q.query(
      `CREATE POLICY "tenant_bound" ON "${table}" TO ratify_runtime USING (${BOUND}) WITH CHECK (${BOUND})`,
    );
    await q.query(
      `CREATE POLICY "tenant_sweep" ON "${table}" TO ratify_sweep USING (true) WITH CHECK (true)`,
    );
    await q.query(
      `CREATE POLICY "tenant_owner" ON "${table}" TO CURRENT_USER USING (true) WITH CHECK (true)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "absences"');
  }
}
