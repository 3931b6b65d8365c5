import type { INestApplication } from '@nestjs/common';
import { ManualClock } from '../core/clock.service';
import { buildFuzzWorld, type FuzzWorld } from './fuzz-world.factory';
import { testAppHarness } from './test-app.service';
import type { TestDatabase } from './test-database.service';

/*
 * The fuzz of the API and what it found (test/fuzz-api*.e2e-spec.ts): a database and an app per
 * spec file, rate limits out of the fuzz's way, and the fuzz world behind every id (built through
 * the app, so that its link secret made the links), on 1 Aug 2025.
 */

export interface FuzzApi {
  db: TestDatabase;
  app: INestApplication;
  world: FuzzWorld;
  clock: ManualClock;
}

/** Opens the spec file's database, app and fuzz world before its tests, closes them after. */
export function fuzzApiHarness(): () => FuzzApi {
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  let world: FuzzWorld | undefined;
  const ready = testAppHarness({
    what: 'the fuzz world',
    clock,
    env: { API_RATE_LIMIT_PER_MINUTE: '100000', LINK_RATE_LIMIT_PER_MINUTE: '100000' },
    afterApp: async ({ db, app }) => {
      world = await buildFuzzWorld(db.ds, app, clock);
    },
  });
  return () => {
    const t = ready();
    if (!world) throw new Error('the fuzz world is built in beforeAll');
    return { ...t, clock, world };
  };
}
