import request from 'supertest';
import { ManualClock } from '../core/clock.service';
import type { DirectoryWorld } from './directory-world.factory';
import { testAppHarness } from './test-app.service';

/*
 * The directory's CSV import and export through the API (test/directory-import*): a database and
 * an app per spec file on 3 Dec 2026, each test building the directory worlds it imports into;
 * calls with an API key, and how many changes a council's directory has recorded.
 */

/** Opens the spec file's database and app before its tests, closes them after. */
export function directoryImportHarness() {
  const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));
  const ready = testAppHarness({ what: 'the database and the app', clock });
  const db = () => ready().db;
  const server = () => request(ready().app.getHttpServer());
  /** The headers of a call made with an API key. */
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });
  /** How many changes the council's directory has recorded. */
  const changeCount = async (w: DirectoryWorld) =>
    (
      await db().ds.query<{ n: number }[]>(
        'SELECT directory_changes AS n FROM tenants WHERE tenant_id = $1',
        [w.tenantId],
      )
    )[0].n;

  return { clock, db, server, as, changeCount };
}
