import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { OpenCaseUseCase } from '../libs/engine/open-case.use-case';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { postSignIn } from '../libs/testing/sign-in.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../libs/testing/world.factory';

/**
 * A search that matches more than a thousand cases says so rather than counting every one (issue
 * #21: counting every match of a common word read every case of the council), and still pages on,
 * counting as far as the page asked for; near its end the count is exact again.
 */
describe('finding cases when a search matches more than a thousand', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let world: BcfWorld;
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));
  const TOTAL = 1031;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: 'officer-counted-1',
      at: clock.now(),
    });
    const { caseId } = await app
      .get(OpenCaseUseCase)
      .open(openBcfCaseBody(world, { title: 'Counted plan' }), world.actors.officer);
    // Opening a thousand cases through the engine takes minutes: the rest are copies of the first.
    const columns = (
      (await db.ds.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'cases'
          AND column_name NOT IN ('id', 'reference', 'title') ORDER BY ordinal_position`,
      )) as { column_name: string }[]
    ).map((c) => `"${c.column_name}"`);
    await db.ds.query(
      `INSERT INTO cases (id, reference, title, ${columns.join(', ')})
       SELECT gen_random_uuid(), reference || '-' || g, 'Counted plan ' || g, ${columns.join(', ')}
         FROM cases, generate_series(1, $2::int) g WHERE id = $1`,
      [caseId, TOTAL - 1],
    );
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function officer() {
    const agent = request.agent(app.getHttpServer());
    const res = await postSignIn(agent, {
      email: world.emailOf('officer'),
      password: 'officer-counted-1',
    });
    expect(res.status).toBe(303);
    return agent;
  }

  const pageNumbers = (html: string) =>
    [...html.matchAll(/govuk-pagination__link" href="[^"]*" aria-label="Page (\d+)"/g)].map(
      (m) => m[1],
    );

  it('says "more than 1,000" and pages on without a last page', async () => {
    const agent = await officer();
    const first = (await agent.get('/cases/find?q=counted').expect(200)).text;
    expect(first).toContain('Cases 1 to 25 of more than 1,000');
    expect(first).toContain('Download every case found as a spreadsheet (CSV)');
    expect(first).toContain('href="/cases/find?q=counted&amp;page=2"');
    expect(pageNumbers(first)).toEqual(['1', '2']);
    expect(first).toContain('govuk-pagination__item--ellipsis');

    const fortyFirst = (await agent.get('/cases/find?q=counted&page=41').expect(200)).text;
    expect(fortyFirst).toContain('Cases 1,001 to 1,025 of more than 1,025');
    expect(fortyFirst).toContain('href="/cases/find?q=counted&amp;page=42"');
  });

  it('counts exactly again once the page reaches the last matches', async () => {
    const agent = await officer();
    const last = (await agent.get('/cases/find?q=counted&page=42').expect(200)).text;
    expect(last).toContain(`Cases 1,026 to 1,031 of 1,031`);
    expect(last).not.toContain('page=43');
    expect(last).toContain('Download all 1,031 as a spreadsheet (CSV)');
    // Beyond the last page shows the last page, as before.
    expect((await agent.get('/cases/find?q=counted&page=500').expect(200)).text).toContain(
      'Cases 1,026 to 1,031 of 1,031',
    );
    expect((await agent.get('/cases/find?q=nothing-like-it').expect(200)).text).toContain(
      'No cases found',
    );
  });
});
