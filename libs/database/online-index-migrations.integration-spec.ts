import { randomBytes } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.service';
import { openDataSource } from './data-source.service';
import { asRole } from './database-roles.service';
import { randomPassword } from './embedded-postgres.service';
import { buildIndexOnline, dropIndexOnline } from './online-index.service';

/*
 * The index migrations that build online (ADR 0044) leave the schema the plain builds they replace
 * left; buildIndexOnline keeps what is done, refuses what cannot work, and goes through a
 * migration login that is no superuser, as on a managed PostgreSQL (its statements carry a
 * council, ADR 0039, except those PostgreSQL refuses inside a transaction).
 */
describe('building an index online', () => {
  let db: TestDatabase;
  let owner: DataSource;
  beforeAll(async () => {
    db = await openTestDatabase(2);
    owner = await db.owner();
  });
  afterAll(async () => {
    await db.drop();
  });

  async function withRunner<T>(ds: DataSource, use: (q: QueryRunner) => Promise<T>): Promise<T> {
    const q = ds.createQueryRunner();
    try {
      return await use(q);
    } finally {
      await q.release();
    }
  }

  const indexes = (where: string, params: unknown[] = []) =>
    db.superuser<{ name: string; def: string; valid: boolean; oid: string }>(
      `SELECT c.relname AS name, pg_get_indexdef(c.oid) AS def, i.indisvalid AS valid, c.oid::text AS oid
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE ${where} ORDER BY c.relname`,
      params,
    );

  it('leaves the indexes that the plain builds left, each valid', async () => {
    const built = await indexes(
      `c.relname IN ('IDX_cases_tenant_updated', 'IDX_effects_case_status', 'IDX_cases_overdue',
                     'IDX_cases_tenant_created')`,
    );
    // As pg_get_indexdef read them from a database migrated before they built online
    // (IDX_cases_published_decisions, built online too, is dropped by migration 1796441300000).
    expect(built.map(({ name, def, valid }) => ({ name, def, valid }))).toEqual([
      {
        name: 'IDX_cases_overdue',
        def: `CREATE INDEX "IDX_cases_overdue" ON public.cases USING btree (tenant_id, updated_at DESC, id) WHERE jsonb_path_exists(snapshot, '$."context"."overdue".*?(@ == true)'::jsonpath)`,
        valid: true,
      },
      {
        name: 'IDX_cases_tenant_created',
        def: 'CREATE INDEX "IDX_cases_tenant_created" ON public.cases USING btree (tenant_id, created_at, id)',
        valid: true,
      },
      {
        name: 'IDX_cases_tenant_updated',
        def: 'CREATE INDEX "IDX_cases_tenant_updated" ON public.cases USING btree (tenant_id, updated_at DESC, id)',
        valid: true,
      },
      {
        name: 'IDX_effects_case_status',
        def: 'CREATE INDEX "IDX_effects_case_status" ON public.effects USING btree (case_id, status)',
        valid: true,
      },
    ]);
    expect(await indexes('NOT i.indisvalid')).toEqual([]);
  });

  it('refuses to build inside a transaction, saying what the migration must set', async () => {
    await withRunner(owner, async (q) => {
      await q.startTransaction();
      try {
        await expect(
          buildIndexOnline(q, { name: 'IDX_probe_in_tx', table: 'cases', on: '("title")' }),
        ).rejects.toThrow(/CONCURRENTLY.*inside a transaction.*`transaction = false`/);
      } finally {
        await q.rollbackTransaction();
      }
    });
    expect(await indexes(`c.relname = 'IDX_probe_in_tx'`)).toEqual([]);
  });

  it('keeps a valid index of that name: the build of a run that died before the migration was recorded', async () => {
    const [before] = await indexes(`c.relname = 'IDX_cases_tenant_created'`);
    await withRunner(owner, (q) =>
      buildIndexOnline(q, {
        name: 'IDX_cases_tenant_created',
        table: 'cases',
        on: '("tenant_id", "created_at", "id")',
      }),
    );
    expect(await indexes(`c.relname = 'IDX_cases_tenant_created'`)).toEqual([before]);
  });

  it('builds a UNIQUE index online, as migration:generate writes one', async () => {
    await withRunner(owner, (q) =>
      buildIndexOnline(q, {
        name: 'IDX_probe_unique',
        table: 'cases',
        on: '("tenant_id", "id")',
        unique: true,
      }),
    );
    expect(
      (await indexes(`c.relname = 'IDX_probe_unique'`)).map(({ def, valid }) => ({ def, valid })),
    ).toEqual([
      {
        def: 'CREATE UNIQUE INDEX "IDX_probe_unique" ON public.cases USING btree (tenant_id, id)',
        valid: true,
      },
    ]);
    await withRunner(owner, (q) => dropIndexOnline(q, 'IDX_probe_unique'));
  });

  it('refuses a name that is already another table’s index', async () => {
    await withRunner(owner, async (q) => {
      await expect(
        buildIndexOnline(q, { name: 'IDX_effects_case_status', table: 'cases', on: '("id")' }),
      ).rejects.toThrow('an index named IDX_effects_case_status already exists on effects');
    });
  });

  it('drops concurrently outside a transaction and plainly inside one, as TypeORM reverts', async () => {
    for (const inTransaction of [false, true]) {
      await owner.query('CREATE INDEX "IDX_probe_dropped" ON "cases" ("title")');
      await withRunner(owner, async (q) => {
        if (inTransaction) await q.startTransaction();
        await dropIndexOnline(q, 'IDX_probe_dropped');
        if (inTransaction) await q.commitTransaction();
      });
      expect(await indexes(`c.relname = 'IDX_probe_dropped'`)).toEqual([]);
    }
  });

  it('rebuilds an INVALID index through a migration login that is no superuser', async () => {
    const login = `ratify_oi_${randomBytes(4).toString('hex')}`;
    const password = randomPassword();
    await db.superuser(
      `CREATE ROLE ${login} LOGIN PASSWORD '${password}';
       GRANT USAGE, CREATE ON SCHEMA public TO ${login};
       CREATE TABLE oi_probe (n integer);
       INSERT INTO oi_probe SELECT generate_series(1, 1000);
       ALTER TABLE oi_probe OWNER TO ${login};
       CREATE INDEX "IDX_oi_probe" ON oi_probe (n);
       UPDATE pg_index SET indisvalid = false WHERE indexrelid = '"IDX_oi_probe"'::regclass`,
    );
    const ds = await openDataSource(asRole(db.ownerUrl, login, password), 2);
    try {
      const [me]: { superuser: boolean }[] = await ds.query(
        'SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user',
      );
      expect(me.superuser).toBe(false);
      const [invalid] = await indexes(`c.relname = 'IDX_oi_probe'`);
      expect(invalid.valid).toBe(false);

      await withRunner(ds, (q) =>
        buildIndexOnline(q, { name: 'IDX_oi_probe', table: 'oi_probe', on: '("n")' }),
      );

      const [rebuilt] = await indexes(`c.relname = 'IDX_oi_probe'`);
      expect(rebuilt.valid).toBe(true);
      expect(rebuilt.oid).not.toBe(invalid.oid);
    } finally {
      await ds.destroy();
      await db.superuser(`DROP OWNED BY ${login}; DROP ROLE ${login}`);
    }
  });
});
