import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { acrossTenants, withTenant } from '../core/tenant-context.service';
import { openDataSource } from './data-source.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { TABLES_WITHOUT_ROW_SECURITY } from './row-security.catalogue';
import { SWEEP_ROLE } from './tenant-bound-connections.service';

/*
 * Tenancy enforced by the database (issue #20 item 2, ADR 0015): every table with a tenant_id has
 * row-level security, enabled and forced, and a query that forgets its tenant_id sees, changes
 * and adds nothing of another council's. The tables are read off the catalogue, so that a new
 * table is tested (and fails until it has its policies) without touching this file.
 */

interface Column {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
}

/** A value PostgreSQL accepts for a NOT NULL column without a default, as SQL. */
function valueFor(c: Column, tenant: string): string {
  if (c.column_name === 'tenant_id') return `'${tenant}'::uuid`;
  switch (c.data_type) {
    case 'uuid':
      return 'gen_random_uuid()';
    case 'text':
    case 'character varying':
      return 'md5(random()::text)';
    case 'integer':
    case 'bigint':
    case 'smallint':
    case 'numeric':
      return '(1 + random() * 1000)::int';
    case 'boolean':
      return 'false';
    case 'date':
      return 'current_date';
    case 'timestamp with time zone':
    case 'timestamp without time zone':
      return 'now()';
    case 'jsonb':
    case 'json':
      return `'{}'`;
    case 'bytea':
      return `'\\x00'::bytea`;
    case 'ARRAY':
      return `'{}'`;
    case 'USER-DEFINED':
      return `(enum_range(NULL::"${c.udt_name}"))[1]`;
    default:
      throw new Error(`no test value for ${c.table_name}.${c.column_name} (${c.data_type})`);
  }
}

/** Nullable columns a CHECK still wants one of (CHK_delegations_one_grantor). */
const ALSO_GIVEN: Record<string, string[]> = { delegations: ['delegator_office_id'] };

describe('row-level security per council', () => {
  let db: TestDatabase;
  let tables: string[];
  let required: Map<string, Column[]>;
  const a = randomUUID();
  const b = randomUUID();

  beforeAll(async () => {
    // TypeORM logs each refused query; these tests expect refusals.
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    db = await openTestDatabase(2);
    const columns = await db.superuser<Column & { required: boolean }>(
      `SELECT c.table_name, c.column_name, c.data_type, c.udt_name,
              (c.is_nullable = 'NO' AND c.column_default IS NULL AND c.is_identity = 'NO'
               AND c.is_generated = 'NEVER') AS required
         FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_name, c.ordinal_position`,
    );
    tables = [
      ...new Set(columns.filter((c) => c.column_name === 'tenant_id').map((c) => c.table_name)),
    ].filter((t) => !(t in TABLES_WITHOUT_ROW_SECURITY));
    required = new Map(
      tables.map((t) => [
        t,
        columns.filter(
          (c) =>
            c.table_name === t &&
            (c.required || c.column_name === 'tenant_id' || ALSO_GIVEN[t]?.includes(c.column_name)),
        ),
      ]),
    );
  });
  afterAll(async () => {
    await db.drop();
  });

  /** An INSERT of a row of `tenant` into `table`, every required column given a plain value. */
  function insertOf(table: string, tenant: string): string {
    const cols = required.get(table)!;
    return `INSERT INTO "${table}" (${cols.map((c) => `"${c.column_name}"`).join(', ')})
            VALUES (${cols.map((c) => valueFor(c, tenant)).join(', ')})`;
  }

  it('covers every table: a tenant_id and its policies, or a reason in the list of open tables', async () => {
    const all = await db.superuser<{ name: string; tenanted: boolean }>(
      `SELECT c.relname AS name,
              EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS tenanted
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`,
    );
    const open = all.filter((t) => !t.tenanted).map((t) => t.name);
    expect(open.filter((t) => !(t in TABLES_WITHOUT_ROW_SECURITY))).toEqual([]);
    const secured = await db.superuser<{
      name: string;
      enabled: boolean;
      forced: boolean;
      bound: string | null;
    }>(
      `SELECT c.relname AS name, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
              (SELECT p.qual FROM pg_policies p WHERE p.tablename = c.relname AND p.policyname = 'tenant_bound'
                  AND p.roles = '{ratify_runtime}' AND p.cmd = 'ALL' AND p.qual = p.with_check) AS bound
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relname = ANY($1)`,
      [tables],
    );
    expect(tables.length).toBeGreaterThan(30);
    const faults = secured.flatMap((t) =>
      t.enabled &&
      t.forced &&
      /tenant_id = \(NULLIF\(current_setting\('app.tenant_id'/.test(t.bound ?? '')
        ? []
        : [t.name],
    );
    expect(faults).toEqual([]);
  });

  it('shows a query that forgets tenant_id only the rows of the council it is bound to, and none unbound', async () => {
    const seed = new Client({ connectionString: db.ownerUrl });
    await seed.connect();
    try {
      // Rows of two councils in every table, past the keys and triggers (as a restore would).
      await seed.query("SET session_replication_role = 'replica'");
      for (const t of tables)
        for (const tenant of [a, b])
          await seed.query(insertOf(t, tenant)).catch((e: Error) => {
            throw new Error(`seeding ${t}: ${e.message}`);
          });
    } finally {
      await seed.end();
    }
    const seen = async (t: string) =>
      (await db.ds.query(`SELECT tenant_id FROM "${t}"`)) as { tenant_id: string }[];
    const login = new Client({ connectionString: db.url });
    await login.connect();
    try {
      const faults: string[] = [];
      for (const t of tables) {
        const asA = await withTenant(a, () => seen(t));
        const asB = await withTenant(b, () => seen(t));
        if (asA.length !== 1 || asA[0].tenant_id !== a)
          faults.push(`${t}: bound to A saw ${asA.length}`);
        if (asB.length !== 1 || asB[0].tenant_id !== b)
          faults.push(`${t}: bound to B saw ${asB.length}`);
        // The login itself, no council set and no sweep asked for: nothing.
        const { rows } = await login.query(`SELECT count(*)::int AS n FROM "${t}"`);
        if (rows[0].n !== 0) faults.push(`${t}: unbound saw ${rows[0].n}`);
        const swept = await acrossTenants(() => seen(t));
        if (swept.length !== 2) faults.push(`${t}: the sweep saw ${swept.length}`);
      }
      expect(faults).toEqual([]);
    } finally {
      await login.end();
    }
  });

  it('lets no council change or add another council’s rows', async () => {
    const faults: string[] = [];
    for (const t of tables) {
      const changed = await withTenant(a, () =>
        db.ds.query(`UPDATE "${t}" SET tenant_id = tenant_id WHERE tenant_id = $1`, [b]),
      ).catch(() => [[], 0]);
      if ((changed as [unknown, number])[1] !== 0) faults.push(`${t}: A updated B's rows`);
      const added = await withTenant(a, () => db.ds.query(insertOf(t, b))).then(
        () => 'added',
        (e: Error) => e.message,
      );
      if (!/row-level security/.test(added)) faults.push(`${t}: A adding a row of B: ${added}`);
    }
    expect(faults).toEqual([]);
  });

  it('gives the sweep across councils only to a login that asks for it, never by inheritance', async () => {
    const [me] = await db.superuser<{ set: boolean; usage: boolean }>(
      `SELECT pg_has_role($1, $2, 'SET') AS set, pg_has_role($1, $2, 'USAGE') AS usage`,
      [new URL(db.url).username, SWEEP_ROLE],
    );
    expect(me).toEqual({ set: true, usage: false });
  });

  it('returns a connection to the pool carrying no council', async () => {
    const ds = await openDataSource(db.url, 1);
    try {
      const pool = (ds.driver as unknown as { master: Pool & { _idle: { client: Client }[] } })
        .master;
      const [bound]: { pid: number; tenant: string }[] = await withTenant(a, () =>
        ds.query(
          `SELECT pg_backend_pid() AS pid, current_setting('app.tenant_id', true) AS tenant`,
        ),
      );
      expect(bound.tenant).toBe(a);
      // Unbound before it is idle again: wait until the pool has it back. The unbinding is a round
      // trip to the database, which on a busy machine outlasts any count of event-loop turns: the
      // ceiling is in time, far above the wait.
      const giveUpAt = Date.now() + 30_000;
      while (pool.idleCount < 1) {
        if (Date.now() > giveUpAt) throw new Error('the connection never went back to the pool');
        await new Promise((r) => setTimeout(r, 5));
      }
      const idle = pool._idle[0].client;
      const { rows } = await idle.query(
        `SELECT pg_backend_pid() AS pid, current_setting('app.tenant_id', true) AS tenant`,
      );
      // No council, and not the refusal's text either: the binding is the transaction's (ADR 0039).
      expect(rows[0].pid).toBe(bound.pid);
      expect([null, '']).toContain(rows[0].tenant);
    } finally {
      await ds.destroy();
    }
  });
});
