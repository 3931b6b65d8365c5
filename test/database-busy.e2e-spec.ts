import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { QueryRunner } from 'typeorm';
import { SESSION_COOKIE } from '../apps/api/pages/staff-pages.service';
import { SystemClock } from '../libs/core/clock.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, type TestDatabase } from '../libs/testing/test-database.service';

/*
 * A request that finds no database connection free within DATABASE_POOL_WAIT_SECONDS is answered
 * 503 DATABASE_BUSY with Retry-After (ADR 0050): before, pg-pool waited without end and the
 * request hung. The app's pool has one connection, which the test holds.
 */
describe('a request that gets no database connection in time', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let held: QueryRunner | null = null;
  beforeAll(async () => {
    db = await openTestDatabase(1, 1);
    app = await buildTestApp(db.ds, new SystemClock(), { DATABASE_POOL_WAIT_SECONDS: '1' });
  });
  afterEach(async () => {
    await held?.release();
    held = null;
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  /** The pool's one connection, taken and kept until the test ends. */
  async function holdTheConnection(): Promise<void> {
    held = db.ds.createQueryRunner();
    await held.connect();
  }

  const withKey = () =>
    request(app.getHttpServer())
      .get('/api/cases')
      .set('Authorization', `Bearer ${'k'.repeat(43)}`);

  it('answers the API 503 DATABASE_BUSY problem+json with Retry-After, and as before once one is free', async () => {
    await holdTheConnection();
    const busy = await withKey();
    expect(busy.status).toBe(503);
    expect(busy.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(busy.headers['retry-after']).toBe('1');
    expect(busy.body).toMatchObject({
      status: 503,
      code: 'DATABASE_BUSY',
      retryAfterSeconds: 1,
      detail:
        'The database had no connection free for this request in time: try again after a second, first checking whether a change you asked for was made.',
    });
    await held!.release();
    held = null;
    // The key names no one: with a connection, the answer is the key's own.
    expect((await withKey()).status).toBe(401);
  });

  it('answers a page 503 with the service’s problem page and Retry-After', async () => {
    await holdTheConnection();
    const page = await request(app.getHttpServer())
      .get('/cases')
      .set('Accept', 'text/html')
      .set('Cookie', `${SESSION_COOKIE}=${'s'.repeat(43)}`);
    expect(page.status).toBe(503);
    expect(page.headers['retry-after']).toBe('1');
    expect(page.text).toContain('Sorry, there is a problem with the service');
  });
});
