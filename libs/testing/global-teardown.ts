import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __RATIFY_PG__?: { stop(): Promise<void> } }).__RATIFY_PG__;
  if (pg) {
    await pg.stop();
    return;
  }
  // On an external server, leave nothing behind but what a test chose to keep.
  const admin = new Client({ connectionString: process.env.RATIFY_TEST_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${process.env.RATIFY_TEST_TEMPLATE_DB}`);
  // The run's runtime login owns nothing and holds only its membership: it goes with the run.
  const runtimeUser = process.env.RATIFY_TEST_RUNTIME_USER;
  if (runtimeUser) await admin.query(`DROP ROLE IF EXISTS ${runtimeUser}`).catch(() => undefined);
  await admin.end();
}
