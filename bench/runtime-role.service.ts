import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { withTenant } from '../libs/core/tenant-context.service';
import { openDataSource, type PoolOptions } from '../libs/database/data-source.service';
import {
  asRole,
  EMBEDDED_RUNTIME_LOGIN,
  ensureRuntimeLogin,
  runtimeRoleWarnings,
} from '../libs/database/database-roles.service';
import { randomPassword } from '../libs/database/embedded-postgres.service';

/**
 * How the product's app reaches its database (libs/database/database-bootstrap.service.ts): the
 * migrations as the owner, then a login that is a member of ratify_runtime, owns nothing and is
 * no superuser, so that FORCE ROW LEVEL SECURITY and the `tenant_bound` policies apply to every
 * query it makes. A bench that served the app as the superuser measured plans the product never
 * gets (no policy, so any index condition): each bench whose figures stand for the product's
 * opens the app's connections here instead. The bench's own seeding and checks may stay with the
 * owner.
 */
export interface RuntimeLogin {
  login: string;
  /** The login's URL: the app's DataSource, or DATABASE_URL of a server process the bench starts. */
  url: string;
  /** Drops a login made for this run only (on a shared server); the embedded one stays. */
  drop(): Promise<void>;
}

/**
 * The runtime login on the database at `ownerUrl`, made (or its password set again) by the
 * product's ensureRuntimeLogin; run after the migrations, which make ratify_runtime. On the bench's
 * own embedded server it is the product's ratify_app. On a server DATABASE_URL names, roles are
 * the whole server's and another's ratify_app must keep its password: a login of this run's own,
 * dropped by drop().
 */
export async function runtimeLogin(ownerUrl: string): Promise<RuntimeLogin> {
  const shared = !!process.env.DATABASE_URL;
  const login = shared ? `ratify_bench_app_${process.pid}` : EMBEDDED_RUNTIME_LOGIN;
  const password = randomPassword();
  await ensureRuntimeLogin(ownerUrl, login, password);
  return {
    login,
    url: asRole(ownerUrl, login, password),
    drop: async () => {
      if (!shared) return;
      const owner = new Client({ connectionString: ownerUrl });
      await owner.connect();
      try {
        await owner.query(`DROP ROLE IF EXISTS ${login}`);
      } finally {
        await owner.end();
      }
    },
  };
}

/**
 * The app's DataSource as the product opens it: as the runtime login, each connection bound to
 * the council of the work in hand (openDataSource). Refuses to go on as a role the product would
 * warn about (a superuser, an owner of tables, not a member of ratify_runtime): figures taken so
 * would not be the product's.
 */
export async function openRuntimeDataSource(
  login: RuntimeLogin,
  pool?: number | PoolOptions,
): Promise<DataSource> {
  const ds = await openDataSource(login.url, pool);
  const warnings = await runtimeRoleWarnings(ds);
  if (warnings.length) {
    await ds.destroy();
    throw new Error(`the bench's app would not connect as the product's does: ${warnings[0]}`);
  }
  return ds;
}

/**
 * A sentence for the report, proving that the queries made through `ds` (the app's own pool,
 * bound as a request binds it) are subject to the policies: who the connection is, that it is no
 * superuser and cannot bypass row security, that `cases` forces it, and the policy's qual as it
 * appears in a plan of a query that does not name the council itself. Throws when any of these is
 * not so, rather than report figures for plans the product never gets.
 */
export async function rowSecurityProof(ds: DataSource, tenantId: string): Promise<string> {
  return withTenant(tenantId, async () => {
    const [me]: {
      name: string;
      superuser: boolean;
      bypass: boolean;
      forced: boolean;
      bound: string;
    }[] = await ds.query(
      `SELECT current_user AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
              (SELECT c.relforcerowsecurity FROM pg_class c
                WHERE c.oid = 'public.cases'::regclass) AS forced,
              current_setting('app.tenant_id', true) AS bound
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    const plan: { 'QUERY PLAN': string }[] = await ds.query(
      'EXPLAIN (COSTS OFF) SELECT id FROM cases ORDER BY updated_at DESC LIMIT 1',
    );
    const qual = plan
      .map((r) => r['QUERY PLAN'].trim())
      .find((l) => l.includes("current_setting('app.tenant_id'"));
    if (me.superuser || me.bypass || !me.forced || me.bound !== tenantId || !qual)
      throw new Error(
        `the app's queries are not subject to row-level security: ${JSON.stringify({ ...me, qual })}`,
      );
    return `The app connected as \`${me.name}\` (a member of ratify_runtime: no superuser, no BYPASSRLS; \`cases\` has FORCE ROW LEVEL SECURITY), each query bound to the council (\`app.tenant_id\`) as a request binds it. Through the app's own pool, \`EXPLAIN SELECT id FROM cases ORDER BY updated_at DESC LIMIT 1\` carries the policy \`tenant_bound\`: \`${qual}\`.`;
  });
}

/**
 * A sentence for the report, proving that a server process the bench started (its pool's
 * application_name `ratify <role> pool …`, connection-capacity.service.ts) connected as a runtime
 * login: whom pg_stat_activity shows its connections as, read here as the owner. Throws when none
 * is found, or one is a superuser or may bypass row security.
 */
export async function serverRowSecurity(owner: DataSource, role: string): Promise<string> {
  const seen: { name: string; superuser: boolean; bypass: boolean; connections: number }[] =
    await owner.query(
      `SELECT a.usename AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
              count(*)::int AS connections
         FROM pg_stat_activity a JOIN pg_roles r ON r.rolname = a.usename
        WHERE a.datname = current_database() AND a.application_name LIKE $1
        GROUP BY 1, 2, 3 ORDER BY 1`,
      [`ratify ${role} pool %`],
    );
  if (!seen.length || seen.some((s) => s.superuser || s.bypass))
    throw new Error(
      `the ${role} process's connections are not under row-level security: ${JSON.stringify(seen)}`,
    );
  return `The RATIFY_ROLE=${role} server's connections in pg_stat_activity: ${seen.map((s) => `\`${s.name}\` (${s.connections})`).join(', ')}, no superuser, no BYPASSRLS.`;
}
