/**
 * The tables that row-level security leaves open, each with its reason (ADR 0015). Every other
 * table has a tenant_id and the policies of migrations/1796376036387-bind-rows-to-their-council.ts;
 * row-security.integration-spec.ts fails for a table that has neither (give a new table with a
 * tenant_id the same three policies in its migration, or list it here with why).
 */
export const TABLES_WITHOUT_ROW_SECURITY: Record<string, string> = {
  tenants:
    'the councils themselves, keyed by tenant_id: read by slug before any council is bound (the public register, sign-in)',
  migrations: 'the schema’s history, of no council',
};
