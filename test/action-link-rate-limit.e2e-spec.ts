import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * One-time action links (test/action-links.e2e-spec.ts) answered at a limited rate: an app whose
 * limit is 5 link requests a minute from an address.
 */
describe('rate limiting of action links', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await openTestDatabase(2);
    app = await buildTestApp(db.ds, engineHarness(db.ds).clock, {
      LINK_RATE_LIMIT_PER_MINUTE: '5',
    });
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('answers 429 once an address has made too many link requests in a minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await request(app.getHttpServer()).get(`/act/${'a'.repeat(43)}`)).status);
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});
