import type { QueryRunner } from 'typeorm';

/** A row is the bound council's (app.tenant_id, set on each connection taken; ADR 0015). */
const BOUND = "tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid";

/**
 * The statements that bind a table's rows to their council, as every migration since
 * 1796376036387-bind-rows-to-their-council has written them out by hand: row-level security
 * enabled and forced (the owner too), the runtime role seeing and writing only the bound
 * council's rows, the sweep role every council's, and the migrating owner every row.
 *
 * A migration that calls this emits these statements for ever: they are pinned, byte for byte, by
 * tenant-row-security.spec.ts against the migrations already released. Never change them; a
 * different policy is a new function, used by new migrations only.
 */
export function tenantRowSecurityStatements(table: string): string[] {
  return [
    `ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY "tenant_bound" ON "${table}" TO ratify_runtime USING (${BOUND}) WITH CHECK (${BOUND})`,
    `CREATE POLICY "tenant_sweep" ON "${table}" TO ratify_sweep USING (true) WITH CHECK (true)`,
    `CREATE POLICY "tenant_owner" ON "${table}" TO CURRENT_USER USING (true) WITH CHECK (true)`,
  ];
}

/** The statements that undo tenantRowSecurityStatements (a migration's down), pinned likewise. */
export function noTenantRowSecurityStatements(table: string): string[] {
  return [
    ...['tenant_owner', 'tenant_sweep', 'tenant_bound'].map(
      (policy) => `DROP POLICY "${policy}" ON "${table}"`,
    ),
    `ALTER TABLE "${table}" NO FORCE ROW LEVEL SECURITY`,
    `ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`,
  ];
}

/**
 * In a new migration, after its CREATE TABLE: the table's rows bound to their council in one call
 * (a table with a tenant_id column; row-security.catalogue.ts lists the few left open, with why).
 */
export async function bindRowsToTheirCouncil(q: QueryRunner, table: string): Promise<void> {
  for (const statement of tenantRowSecurityStatements(table)) await q.query(statement);
}

/** In a migration's down: what bindRowsToTheirCouncil did, undone (before the table is dropped, if it is not). */
export async function unbindRowsFromTheirCouncil(q: QueryRunner, table: string): Promise<void> {
  for (const statement of noTenantRowSecurityStatements(table)) await q.query(statement);
}
