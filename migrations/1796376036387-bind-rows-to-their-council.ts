import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenancy enforced by the database (issue #20 item 2, ADR 0015).
 *
 * Composite foreign keys: a row that names another council's row cannot be stored. Each table
 * another refers to gets UNIQUE (tenant_id, id), and each reference is (tenant_id, x_id) to it.
 * They are the migrations' own, declared by no entity: the schema drift check leaves constraints
 * named FK_tenant_* and UQ_tenant_* alone (libs/database/schema-drift.service.ts).
 *
 * Row-level security on every table with a tenant_id but the tenants themselves, enabled and
 * forced, failing closed: the runtime role sees and writes only the rows of the council named by
 * the setting app.tenant_id, and none without it. The one way past it is the role
 * ratify_sweep, which the runtime login may SET ROLE to (never inherits): the workers' sweeps
 * across councils and the look-ups that find the council (a key, a session, a link). The owner
 * running the migrations keeps every row (FORCE would otherwise hide them from it too).
 */
const TENANT_TABLES = [
  'action_link_views',
  'action_links',
  'agenda_items',
  'api_keys',
  'audit_checkpoints',
  'audit_records',
  'bodies',
  'case_events',
  'cases',
  'data_exports',
  'deadlines',
  'delegations',
  'directory_changes',
  'dispensations',
  'document_chunks',
  'documents',
  'effects',
  'forward_plan_editions',
  'forward_plan_entries',
  'identity_providers',
  'interest_declarations',
  'item_outcomes',
  'link_step_ups',
  'meeting_attendance',
  'meetings',
  'membership_substitutes',
  'memberships',
  'minutes_approvals',
  'office_holders',
  'offices',
  'oidc_sign_ins',
  'organisations',
  'password_links',
  'people',
  'sign_in_policies',
  'staff_accounts',
  'staff_identities',
  'staff_recovery_codes',
  'staff_second_factors',
  'staff_sessions',
  'votes',
  'webhook_attempts',
  'webhook_cursors',
  'webhook_deliveries',
  'webhook_subscriptions',
];

/** [table, column, referenced table]: every reference from one council's row to another's. */
const REFERENCES: [string, string, string][] = [
  ['action_link_views', 'link_id', 'action_links'],
  ['action_links', 'case_id', 'cases'],
  ['action_links', 'person_id', 'people'],
  ['agenda_items', 'meeting_id', 'meetings'],
  ['agenda_items', 'case_id', 'cases'],
  ['api_keys', 'person_id', 'people'],
  ['audit_records', 'case_id', 'cases'],
  ['case_events', 'case_id', 'cases'],
  ['case_events', 'actor_person_id', 'people'],
  ['deadlines', 'case_id', 'cases'],
  ['delegations', 'delegate_office_id', 'offices'],
  ['delegations', 'delegator_office_id', 'offices'],
  ['delegations', 'delegator_body_id', 'bodies'],
  ['dispensations', 'person_id', 'people'],
  ['document_chunks', 'document_id', 'documents'],
  ['documents', 'case_id', 'cases'],
  ['documents', 'series_id', 'documents'],
  ['effects', 'case_id', 'cases'],
  ['forward_plan_entries', 'case_id', 'cases'],
  ['forward_plan_entries', 'first_edition_id', 'forward_plan_editions'],
  ['identity_providers', 'organisation_id', 'organisations'],
  ['interest_declarations', 'meeting_id', 'meetings'],
  ['interest_declarations', 'item_id', 'agenda_items'],
  ['interest_declarations', 'person_id', 'people'],
  ['item_outcomes', 'meeting_id', 'meetings'],
  ['item_outcomes', 'item_id', 'agenda_items'],
  ['link_step_ups', 'link_id', 'action_links'],
  ['link_step_ups', 'provider_id', 'identity_providers'],
  ['meeting_attendance', 'meeting_id', 'meetings'],
  ['meeting_attendance', 'person_id', 'people'],
  ['meetings', 'body_id', 'bodies'],
  ['membership_substitutes', 'membership_id', 'memberships'],
  ['membership_substitutes', 'person_id', 'people'],
  ['memberships', 'body_id', 'bodies'],
  ['memberships', 'organisation_id', 'organisations'],
  ['memberships', 'person_id', 'people'],
  ['minutes_approvals', 'meeting_id', 'meetings'],
  ['minutes_approvals', 'previous_meeting_id', 'meetings'],
  ['office_holders', 'office_id', 'offices'],
  ['office_holders', 'person_id', 'people'],
  ['offices', 'organisation_id', 'organisations'],
  ['oidc_sign_ins', 'provider_id', 'identity_providers'],
  ['password_links', 'account_id', 'staff_accounts'],
  ['people', 'organisation_id', 'organisations'],
  ['staff_accounts', 'person_id', 'people'],
  ['staff_identities', 'account_id', 'staff_accounts'],
  ['staff_identities', 'provider_id', 'identity_providers'],
  ['staff_recovery_codes', 'account_id', 'staff_accounts'],
  ['staff_second_factors', 'account_id', 'staff_accounts'],
  ['staff_sessions', 'account_id', 'staff_accounts'],
  ['votes', 'meeting_id', 'meetings'],
  ['votes', 'item_id', 'agenda_items'],
  ['votes', 'person_id', 'people'],
  ['webhook_attempts', 'delivery_id', 'webhook_deliveries'],
  ['webhook_deliveries', 'subscription_id', 'webhook_subscriptions'],
];

const BOUND = "tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid";

export class BindRowsToTheirCouncil1796376036387 implements MigrationInterface {
  name = 'BindRowsToTheirCouncil1796376036387';

  public async up(q: QueryRunner): Promise<void> {
    for (const table of [...new Set(REFERENCES.map(([, , to]) => to))])
      await q.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "UQ_tenant_${table}" UNIQUE ("tenant_id", "id")`,
      );
    for (const [table, column, to] of REFERENCES)
      await q.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "FK_tenant_${table}_${column}" FOREIGN KEY ("tenant_id", "${column}") REFERENCES "${to}" ("tenant_id", "id") NOT VALID`,
      );
    // Checked against the rows already kept where they allow; a row that already names another
    // council's (or a missing) row leaves its key unvalidated, still refusing every new such row,
    // and a warning in the migration's log rather than a server that cannot start.
    for (const [table, column] of REFERENCES)
      await q.query(`DO $$ BEGIN
        ALTER TABLE "${table}" VALIDATE CONSTRAINT "FK_tenant_${table}_${column}";
      EXCEPTION WHEN foreign_key_violation THEN
        RAISE WARNING 'FK_tenant_${table}_${column} left unvalidated: a row of ${table} names a row of another council, or none';
      END $$`);
    await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ratify_sweep') THEN
        CREATE ROLE ratify_sweep NOLOGIN;
      END IF;
    END $$`);
    await q.query('GRANT ratify_runtime TO ratify_sweep');
    // The logins already granted ratify_runtime may take the sweep's role when they ask for it,
    // never by inheritance (the runtime login made later is granted it the same way).
    await q.query(`DO $$ DECLARE login name; BEGIN
      FOR login IN SELECT r.rolname FROM pg_auth_members m
                     JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member
                    WHERE g.rolname = 'ratify_runtime' AND r.rolcanlogin LOOP
        EXECUTE format('GRANT ratify_sweep TO %I WITH INHERIT FALSE, SET TRUE', login);
      END LOOP;
    END $$`);
    for (const table of TENANT_TABLES) {
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
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of TENANT_TABLES) {
      for (const policy of ['tenant_owner', 'tenant_sweep', 'tenant_bound'])
        await q.query(`DROP POLICY "${policy}" ON "${table}"`);
      await q.query(`ALTER TABLE "${table}" NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
    }
    for (const [table, column] of [...REFERENCES].reverse())
      await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "FK_tenant_${table}_${column}"`);
    for (const table of [...new Set(REFERENCES.map(([, , to]) => to))])
      await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "UQ_tenant_${table}"`);
  }
}
