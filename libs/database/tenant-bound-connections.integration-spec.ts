import { randomUUID } from 'node:crypto';
import { Client, Pool, PoolClient, QueryResult } from 'pg';
import { DataSource } from 'typeorm';
import { acrossTenants, withTenant } from '../core/tenant-context.service';
import { NamedStatementPool } from '../engine/named-statement-pool.service';
import { councilsOfOnePerson } from '../testing/councils-of-one-person.factory';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { dataSourceOptions, openDataSource } from './data-source.service';
import { bindConnectionsToTenants, isUnboundTenantError } from './tenant-bound-connections.service';

/*
 * What PgBouncer in transaction mode needs of the binding (ADR 0039): each statement carries its
 * council inside its own transaction, and no setting is left on a connection once a checkout is
 * over, whatever kind of checkout it was. On a pool of one connection, every checkout below takes
 * the same server connection; after each, the connection as the next client would find it (read
 * past the binding, with pg's own query) carries the login's role and no council, and sees no row.
 */
describe('a connection after a checkout', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let pool: Pool & { _idle: { client: Client }[] };
  let login: string;
  let pid: number;
  const a = randomUUID();
  const b = randomUUID();
  const everyone = 'SELECT name FROM people ORDER BY name';
  const names = (rows: { name: string }[]) => rows.map((r) => r.name);
  /** pg's own query, past the binding: what any client of the connection would run. */
  const raw = (c: Client, sql: string, values?: unknown[]): Promise<QueryResult> =>
    (
      Client.prototype.query as (this: Client, s: string, v?: unknown[]) => Promise<QueryResult>
    ).call(c, sql, values);

  /** The pool's one connection, once it is idle again. */
  async function idleConnection(): Promise<Client> {
    // Given back after the caller's last reply: wait until the pool has it (ceiling in time).
    const giveUpAt = Date.now() + 30_000;
    while (pool.idleCount < 1) {
      if (Date.now() > giveUpAt) throw new Error('the connection never went back to the pool');
      await new Promise((r) => setTimeout(r, 5));
    }
    return pool._idle[0].client;
  }

  /** What the next client of the connection finds on it, read past the binding. */
  async function leftOn(): Promise<Record<string, unknown>> {
    const c = await idleConnection();
    const { rows } = await raw(
      c,
      `SELECT pg_backend_pid() AS pid, current_user AS "user", current_setting('role') AS role,
              coalesce(current_setting('app.tenant_id', true), '') AS tenant,
              (SELECT count(*) FROM people)::int AS seen`,
    );
    return { ...rows[0], status: c.getTransactionStatus() };
  }

  const nothingLeft = () => ({ role: 'none', tenant: '', seen: 0, status: 'I' });

  beforeAll(async () => {
    // TypeORM logs each refused query; these tests expect refusals.
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    db = await openTestDatabase(2);
    await councilsOfOnePerson(db, a, b);
    ds = await openDataSource(db.url, 1, { unbound: 'refuse' });
    pool = (ds.driver as unknown as { master: typeof pool }).master;
    login = new URL(db.url).username;
    pid = ((await ds.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[])[0].pid;
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const named = (rows: { name: string }[]) => names(rows);
  const checkouts: [string, () => Promise<unknown>, unknown][] = [
    [
      'a TypeORM query bound to a council',
      async () => names(await withTenant(a, () => ds.query(everyone))),
      ['Ada of A'],
    ],
    [
      'a TypeORM query with parameters',
      async () =>
        names(
          await withTenant(b, () => ds.query('SELECT name FROM people WHERE name <> $1', ['x'])),
        ),
      ['Bea of B'],
    ],
    [
      'a query whose text says CONCURRENTLY, in a comment',
      async () =>
        names(
          await withTenant(a, () =>
            ds.query('SELECT name FROM people -- not read CONCURRENTLY\nORDER BY name'),
          ),
        ),
      ['Ada of A'],
    ],
    [
      'the sweep across councils',
      async () => names(await acrossTenants(() => ds.query(everyone))),
      ['Ada of A', 'Bea of B'],
    ],
    [
      'the sweep in a transaction',
      () => acrossTenants(() => ds.transaction(async (m) => names(await m.query(everyone)))),
      ['Ada of A', 'Bea of B'],
    ],
    [
      'a query runner’s transaction (REPEATABLE READ, as exports take)',
      () =>
        withTenant(a, async () => {
          const qr = ds.createQueryRunner();
          await qr.connect();
          try {
            await qr.startTransaction('REPEATABLE READ');
            const seen = names(await qr.query(everyone));
            const [iso] = (await qr.query('SHOW transaction_isolation')) as {
              transaction_isolation: string;
            }[];
            await qr.commitTransaction();
            return [...seen, iso.transaction_isolation];
          } finally {
            await qr.release();
          }
        }),
      ['Ada of A', 'repeatable read'],
    ],
    [
      'a transaction rolled back by a failing statement',
      () =>
        withTenant(b, () =>
          ds.transaction(async (m) => {
            await m.query('UPDATE people SET name = name');
            await m.query('SELECT 1/0');
          }),
        ).then(
          () => 'committed',
          (e: Error) => e.message.includes('division by zero'),
        ),
      true,
    ],
    [
      'the engine’s named statements, twice (parsed, then already parsed)',
      async () => {
        const q = new NamedStatementPool(ds, true).queryable()!;
        const sql = 'SELECT name FROM people WHERE name <> $1 ORDER BY name';
        const first = await withTenant(a, () => q.query<{ name: string }[]>(sql, ['x']));
        const again = await withTenant(b, () => q.query<{ name: string }[]>(sql, ['y']));
        return [...named(first), ...named(again)];
      },
      ['Ada of A', 'Bea of B'],
    ],
    [
      'the engine’s statements unnamed (DATABASE_NAMED_STATEMENTS=false, as behind PgBouncer)',
      async () => {
        const q = new NamedStatementPool(ds, false).queryable()!;
        return named(await withTenant(b, () => q.query<{ name: string }[]>(everyone, [])));
      },
      ['Bea of B'],
    ],
    [
      'a query refused for naming no council',
      () => ds.query(everyone).then(() => 'read', isUnboundTenantError),
      true,
    ],
  ];

  it.each(checkouts)('%s: bound while it runs, nothing left after', async (_, run, want) => {
    expect(await run()).toEqual(want);
    expect(await leftOn()).toEqual({ pid, user: login, ...nothingLeft() });
  });

  it('answers for the bound council on a connection another client left a council on', async () => {
    // As a server connection behind PgBouncer might be, had some other client set one.
    const poison = "SELECT set_config('app.tenant_id', $1, false)";
    await raw(await idleConnection(), poison, [b]);
    try {
      expect(names(await withTenant(a, () => ds.query(everyone)))).toEqual(['Ada of A']);
      const inTransaction = await withTenant(a, () =>
        ds.transaction(async (m) => names(await m.query(everyone))),
      );
      expect(inTransaction).toEqual(['Ada of A']);
      expect(await ds.query(everyone).then(() => 'read', isUnboundTenantError)).toBe(true);
    } finally {
      await raw(await idleConnection(), 'RESET app.tenant_id');
    }
  });

  it('costs no round trip: as many as the statements and transactions the caller sent', async () => {
    const roundTrips = async (run: () => Promise<unknown>): Promise<number> => {
      const wire = (await idleConnection()) as unknown as { connection: NodeJS.EventEmitter };
      let n = 0;
      const count = () => n++;
      wire.connection.on('readyForQuery', count);
      try {
        await run();
        await idleConnection();
      } finally {
        wire.connection.off('readyForQuery', count);
      }
      return n;
    };
    const engine = new NamedStatementPool(ds, true).queryable()!;
    expect(await roundTrips(() => withTenant(a, () => ds.query(everyone)))).toBe(1);
    expect(await roundTrips(() => withTenant(a, () => engine.query(everyone, [])))).toBe(1);
    // START TRANSACTION, two statements, COMMIT.
    const twoInOne = () =>
      withTenant(a, () =>
        ds.transaction(async (m) => {
          await m.query(everyone);
          await m.query('SELECT count(*) FROM people WHERE name <> $1', ['x']);
        }),
      );
    expect(await roundTrips(twoInOne)).toBe(4);
  });

  /** pg's own client, checked out bound to `tenant`, for texts TypeORM would not send. */
  const onClient = <T>(tenant: string, fn: (c: PoolClient) => Promise<T>): Promise<T> =>
    withTenant(tenant, async () => {
      const c = await pool.connect();
      try {
        return await fn(c);
      } finally {
        c.release();
      }
    });
  const commands = (r: QueryResult | QueryResult[]) => [r].flat().map((x) => x.command);

  it.each([
    ['COMMIT AND CHAIN', ['COMMIT']],
    ['ROLLBACK AND CHAIN', ['ROLLBACK']],
    ['SELECT 1; COMMIT WORK AND CHAIN', ['SELECT', 'COMMIT']],
    ['/* chained */ end and chain -- on', ['COMMIT']],
  ])('carries the council into the transaction that %s opens', async (chain, replies) => {
    const seen = await onClient(a, async (c) => {
      await c.query('BEGIN');
      const chained = commands(await c.query(chain));
      const { rows } = await c.query(everyone);
      await c.query('COMMIT');
      return { chained, seen: names(rows) };
    });
    expect(seen).toEqual({ chained: replies, seen: ['Ada of A'] });
    expect(await leftOn()).toEqual({ pid, user: login, ...nothingLeft() });
  });

  it('refuses, naming its rule, an AND CHAIN sent with a name (the extended protocol)', async () => {
    const refused = await onClient(a, async (c) => {
      await c.query('BEGIN');
      const sent = c.query({ text: 'COMMIT AND CHAIN', name: 'chained' });
      const said = await sent.then(
        () => 'sent',
        (e: Error) => e.message,
      );
      await c.query('ROLLBACK');
      return said;
    });
    expect(refused).toMatch(/AND CHAIN with parameters or a name .*\(ADR 0039\)/);
    expect(await leftOn()).toEqual({ pid, user: login, ...nothingLeft() });
  });

  it.each([
    ['outside a transaction', false, 'SELECT 1; COMMIT; SELECT name FROM people'],
    ['opening and ending one', false, 'BEGIN; SELECT 1; END; SELECT name FROM people'],
    ['inside a transaction', true, 'SELECT 1; ROLLBACK; SELECT name FROM people'],
  ])(
    'refuses, naming its rule, a text with statements after its end, %s',
    async (_, inside, text) => {
      const refused = await onClient(b, async (c) => {
        if (inside) await c.query('BEGIN');
        const said = await c.query(text).then(
          () => 'sent',
          (e: Error) => e.message,
        );
        if (inside) await c.query('ROLLBACK');
        return said;
      });
      expect(refused).toMatch(/more statements after it .*\(ADR 0039\)/);
      expect(await leftOn()).toEqual({ pid, user: login, ...nothingLeft() });
    },
  );

  it('answers a text that only mentions a COMMIT, each statement bound', async () => {
    const text = "SELECT 'COMMIT; ROLLBACK' AS said; SELECT name FROM people -- END; COMMIT";
    const got = (await onClient(a, (c) => c.query(text))) as unknown as QueryResult[];
    expect(got.map((r) => r.rows)).toEqual([
      [{ said: 'COMMIT; ROLLBACK' }],
      [{ name: 'Ada of A' }],
    ]);
  });

  it('closes, rather than pools, a connection given back inside a transaction', async () => {
    await withTenant(a, async () => {
      const c = await pool.connect();
      await c.query('BEGIN');
      c.release();
    });
    expect(names(await withTenant(b, () => ds.query(everyone)))).toEqual(['Bea of B']);
    const after = await leftOn();
    expect(after.pid).not.toBe(pid);
    expect(after).toEqual({ pid: after.pid, user: login, ...nothingLeft() });
  });

  it('closes, rather than pools, a connection given back before its BEGIN was answered', async () => {
    // Pooled, the BEGIN would open A's transaction under the next checkout, whose queries go as
    // given inside a transaction: the other council's, bound to A.
    const begun = await withTenant(a, async () => {
      const c = await pool.connect();
      const answered = c.query('BEGIN').then(
        () => 'answered',
        () => 'ended',
      );
      c.release();
      return { answered };
    });
    expect(names(await withTenant(b, () => ds.query(everyone)))).toEqual(['Bea of B']);
    expect(['answered', 'ended']).toContain(await begun.answered);
    const after = await leftOn();
    expect(after.pid).not.toBe(pid);
    expect(after).toEqual({ pid: after.pid, user: login, ...nothingLeft() });
  });

  it('refuses pg’s pipeline mode, naming its rule: a pool opened with it, a connection switched to it', async () => {
    const piped = new DataSource({
      ...dataSourceOptions(db.url, 1),
      extra: { max: 1, pipeline: true },
    });
    await piped.initialize();
    try {
      await expect(bindConnectionsToTenants(piped, 'refuse')).rejects.toThrow(
        /pipeline mode .*\(ADR 0039\)/,
      );
    } finally {
      await piped.destroy();
    }
    ((await idleConnection()) as Client & { pipeline: boolean }).pipeline = true;
    await expect(withTenant(a, () => ds.query(everyone))).rejects.toThrow(
      /pipeline mode .*\(ADR 0039\)/,
    );
    // Not pooled: the next checkout takes a connection of its own.
    expect(names(await withTenant(a, () => ds.query(everyone)))).toEqual(['Ada of A']);
  });
});
