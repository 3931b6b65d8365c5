import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { migrate, openDataSource } from '../libs/database/data-source.service';
import { unboundConnectionsFromEnv } from '../libs/database/tenant-bound-connections.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { PausableTcpProxy } from '../libs/testing/pausable-tcp-proxy.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/** Runs SQL on the admin database as the run's superuser (not on the test's own database). */
async function asAdmin(sql: string): Promise<void> {
  const c = new Client({ connectionString: process.env.RATIFY_TEST_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * /health/ready while PostgreSQL refuses, stops or never answers (issue #21 item 2): the load
 * balancer's probe is answered 503 within the check's bound, naming the database in words (no
 * host, port, database or login name, no password), and 200 again once the database is back,
 * with the same process and pool.
 */
describe('readiness while the database fails', () => {
  let db: TestDatabase;
  let proxy: PausableTcpProxy;
  let proxied: DataSource;
  let app: INestApplication;
  let secrets: string[];

  beforeAll(async () => {
    db = await openTestDatabase();
    const u = new URL(db.url);
    proxy = await PausableTcpProxy.start(u.hostname, Number(u.port));
    secrets = [u.host, u.port, `:${proxy.address.port}`, u.pathname.slice(1), u.username];
    secrets.push(decodeURIComponent(u.password));
    u.port = String(proxy.address.port);
    // A pool of 3: more probes than that while the database is silent hold every connection.
    proxied = await openDataSource(
      u.toString(),
      { size: 3 },
      { unbound: unboundConnectionsFromEnv(), outsideEveryScope: 'sweep' },
    );
    const clock = engineHarness(db.ds, '2021-11-01T09:00:00Z').clock;
    app = await buildTestApp(proxied, clock);
  });
  afterAll(async () => {
    proxy?.resume();
    await app?.close();
    await proxied?.destroy();
    await proxy?.close();
    await db?.drop();
  });

  const ready = () => request(app.getHttpServer()).get('/health/ready').timeout(60_000);

  /** The answer, checked to be a 503 naming the database in words and nothing secret. */
  async function unready(): Promise<string> {
    const res = await ready().expect(503);
    expect(res.body.status).toBe('unavailable');
    expect(res.body.checks.database).toEqual({
      status: 'down',
      detail: expect.stringMatching(/^the database /),
    });
    const text = JSON.stringify(res.body);
    for (const s of secrets) expect(text).not.toContain(s);
    return res.body.checks.database.detail as string;
  }

  async function readyAgain(): Promise<void> {
    // The pool may still hold a connection the database ended: the probe after it finds out.
    while ((await ready()).status !== 200) await new Promise((r) => setImmediate(r));
    const res = await ready().expect(200);
    expect(res.body.checks.database).toEqual({ status: 'up' });
  }

  it('is not ready while PostgreSQL refuses the database its connections, and ready again once it accepts them', async () => {
    await ready().expect(200);
    const name = new URL(db.url).pathname.slice(1);
    await asAdmin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    try {
      // Its sessions ended, as at a restart: the pool's idle connections are gone too.
      await asAdmin(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`,
      );
      let detail = await unready();
      // The first probe may meet a connection just ended; then new ones are refused.
      while (detail !== 'the database refused the connection (it does not accept connections now)')
        detail = await unready();
    } finally {
      await asAdmin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    }
    await readyAgain();
  });

  it('is not ready while nothing listens where the database was, and ready again once it listens', async () => {
    await ready().expect(200);
    await proxy.refuse();
    try {
      let detail = await unready();
      while (detail !== 'the database refused the connection') detail = await unready();
    } finally {
      await proxy.reopen();
    }
    await readyAgain();
  });

  it('answers within its bound while the database accepts connections and never answers, and is ready again once it answers', async () => {
    await ready().expect(200);
    proxy.pause();
    try {
      // More probes than the pool has connections: each probe's query holds one until the
      // database answers, so the last ones wait for a connection that never comes free.
      for (let i = 0; i < 5; i++)
        expect(await unready()).toBe('the database did not answer within 2 s');
    } finally {
      proxy.resume();
    }
    await readyAgain();
  });

  it('is not ready while the database is a migration behind this build, naming it, and ready once it has run', async () => {
    await ready().expect(200);
    const owner = await db.owner();
    const [last] = await owner.query<{ name: string }[]>(
      'SELECT name FROM migrations ORDER BY timestamp DESC, id DESC LIMIT 1',
    );
    await owner.undoLastMigration({ transaction: 'each' });
    const behind = await ready().expect(503);
    expect(behind.body.checks).toMatchObject({
      database: { status: 'up' },
      migrations: { status: 'down', detail: `1 migration is waiting to be applied: ${last.name}` },
    });

    await migrate(owner);
    const res = await ready().expect(200);
    expect(res.body.checks.migrations).toEqual({ status: 'up' });
  });
});
