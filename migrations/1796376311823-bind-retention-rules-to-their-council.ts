import { MigrationInterface, QueryRunner } from 'typeorm';

const BOUND = "tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid";

/**
 * The retention schedule's rows bound to their council like every other table with a tenant_id
 * (ADR 0015; migrations/1796376036387-bind-rows-to-their-council.ts): row-level security enabled
 * and forced, the runtime role seeing only the bound council's rows, the sweep role and the owner
 * all of them.
 */
export class BindRetentionRulesToTheirCouncil1796376311823 implements MigrationInterface {
  name = 'BindRetentionRulesToTheirCouncil1796376311823';

  public async up(q: QueryRunner): Promise<void> {
    const table = 'document_retention_rules';
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
    const table = 'document_retention_rules';
    for (const policy of ['tenant_owner', 'tenant_sweep', 'tenant_bound'])
      await q.query(`DROP POLICY "${policy}" ON "${table}"`);
    await q.query(`ALTER TABLE "${table}" NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
  }
}
