import { MigrationInterface, QueryRunner } from 'typeorm';

const BOUND = "tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid";

/**
 * A legal hold on a case's personal data alone (docs/adr/0020): while held, retention lists none of
 * the case's personal data as due. Who placed it, when and why, and who released it, when and why;
 * one hold in force per case at most. Bound to its council like every other table (ADR 0015).
 */
export class HoldACasePersonalData1796395979396 implements MigrationInterface {
  name = 'HoldACasePersonalData1796395979396';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "personal_data_holds" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "tenant_id" uuid NOT NULL,
      "case_id" uuid NOT NULL,
      "reason" text NOT NULL,
      "held_by" uuid NOT NULL,
      "held_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "released_by" uuid,
      "released_at" TIMESTAMP WITH TIME ZONE,
      "release_reason" text,
      CONSTRAINT "PK_personal_data_holds" PRIMARY KEY ("id"))`);
    await q.query(
      'CREATE UNIQUE INDEX "IDX_personal_data_holds_in_force" ON "personal_data_holds" ("tenant_id", "case_id") WHERE released_at IS NULL',
    );
    await q.query(
      `ALTER TABLE "personal_data_holds" ADD CONSTRAINT "FK_tenant_personal_data_holds_case_id" FOREIGN KEY ("tenant_id", "case_id") REFERENCES "cases" ("tenant_id", "id")`,
    );
    const table = 'personal_data_holds';
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
    await q.query('DROP TABLE "personal_data_holds"');
  }
}
