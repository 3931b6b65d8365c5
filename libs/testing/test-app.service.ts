import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../../apps/server/app.module';
import { configureHttpApp } from '../../apps/api/http/http-app.service';
import { loadSettings } from '../config/settings.service';
import { Clock } from '../core/clock.service';
import type { DevMailbox } from '../notifications/dev-mailbox.service';
import { openTestDatabase, type TestDatabase } from './test-database.service';

/** The real HTTP app (API only: tests fire the worker's jobs themselves) on a test database. */
export async function buildTestApp(
  ds: DataSource,
  clock: Clock,
  env: Record<string, string> = {},
  extra: { devMailbox?: DevMailbox } = {},
): Promise<INestApplication> {
  const settings = loadSettings({ SEED_DEMO: 'false', ...env });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ dataSource: ds, clock, settings, role: 'api', ...extra })],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  configureHttpApp(app, settings);
  await app.init();
  return app;
}

/** A test database and the app on it, with what a spec built on them. */
export type TestApp<W extends object = object> = { db: TestDatabase; app: INestApplication } & W;

/** A value, or how to make it from the database and what was built before the app. */
type FromWorld<W extends object, V> = V | ((t: { db: TestDatabase } & W) => V);

export interface TestAppOptions<W extends object> {
  /** Named in the error thrown when a test reads it before it is built. */
  what: string;
  /** 'file' (the default): one for the spec file's tests; 'test': one of its own for each test. */
  per?: 'file' | 'test';
  /** The database's pool (openTestDatabase's default when not given). */
  poolSize?: number;
  /** What the spec builds before the app starts: its councils, a mailbox, the engine harness. */
  beforeApp?: (db: TestDatabase) => Promise<W>;
  clock: FromWorld<W, Clock>;
  /** Settings for the app beside SEED_DEMO=false. */
  env?: FromWorld<W, Record<string, string>>;
  devMailbox?: FromWorld<W, DevMailbox>;
  /** What the spec does once the app is built: a meeting scheduled through it, say. */
  afterApp?: (t: TestApp<W>) => Promise<void>;
  /** Closes what afterApp opened, before the app closes. */
  closeBeforeApp?: (t: TestApp<W>) => Promise<void>;
  /** Closes what beforeApp opened, after the app closes and before the database is dropped. */
  closeAfterApp?: (t: { db: TestDatabase } & W) => Promise<void>;
}

const given = <W extends object, V>(v: FromWorld<W, V>, t: { db: TestDatabase } & W): V =>
  typeof v === 'function' ? (v as (t: { db: TestDatabase } & W) => V)(t) : v;

/**
 * Opens a test database and the app on it before the spec file's tests (or before each test),
 * with what the spec builds before and after the app, and closes them all after; the function it
 * returns gives them once built and throws, naming `what`, before.
 */
export function testAppHarness<W extends object = object>(o: TestAppOptions<W>): () => TestApp<W> {
  // Kept apart so that whatever opened before a step failed is still closed.
  let db: TestDatabase | undefined;
  let built: ({ db: TestDatabase } & W) | undefined;
  let t: TestApp<W> | undefined;
  const open = async () => {
    db = await openTestDatabase(o.poolSize);
    built = { db, ...((await o.beforeApp?.(db)) as W) };
    const app = await buildTestApp(db.ds, given(o.clock, built), given(o.env ?? {}, built), {
      devMailbox: o.devMailbox && given(o.devMailbox, built),
    });
    t = { ...built, app };
    await o.afterApp?.(t);
  };
  const close = async () => {
    const [was, base, database] = [t, built, db];
    [t, built, db] = [undefined, undefined, undefined];
    if (was) {
      await o.closeBeforeApp?.(was);
      await was.app.close();
    }
    if (base) await o.closeAfterApp?.(base);
    await database?.drop();
  };
  const hook = o.per === 'test' ? 'beforeEach' : 'beforeAll';
  if (o.per === 'test') {
    beforeEach(open);
    afterEach(close);
  } else {
    beforeAll(open);
    afterAll(close);
  }
  return () => {
    if (!t) throw new Error(`${o.what} are built in ${hook}`);
    return t;
  };
}
