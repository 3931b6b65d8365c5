import { INestApplication } from '@nestjs/common';
import { statementsSent } from '../libs/testing/statements-sent.service';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { ManualClock } from '../libs/core/clock.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { postSignIn } from '../libs/testing/sign-in.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

const PASSWORD = 'a session read once';

/**
 * A signed-in page reads its session once (ADR 0024): the council middleware's look-up finds the
 * session and hands it to the page guard, which does not read it again.
 */
describe('the session of a signed-in page request', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let world: BcfWorld;
  let agent: TestAgent;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: PASSWORD,
      at: clock.now(),
    });
    agent = request.agent(app.getHttpServer());
    const signedIn = await postSignIn(agent, {
      email: world.emailOf('officer'),
      password: PASSWORD,
    });
    expect(signedIn.status).toBe(303);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** The statements on staff_sessions that PostgreSQL is sent while `fn` runs, every connection's. */
  async function sessionStatements(fn: () => Promise<unknown>): Promise<string[]> {
    return (await statementsSent(fn))
      .filter((text) => text.includes('staff_sessions'))
      .map((text) => text.split(' ')[0].toUpperCase());
  }

  it('reads the session once for a page, and writes "last seen" at most once a minute', async () => {
    clock.advance(5 * 60_000);
    const first = await sessionStatements(async () => {
      const page = await agent.get('/cases');
      expect(page.status).toBe(200);
    });
    expect(first).toEqual(['SELECT', 'UPDATE']);
    const again = await sessionStatements(async () => {
      const page = await agent.get('/cases');
      expect(page.status).toBe(200);
    });
    expect(again).toEqual(['SELECT']);
  });

  it('reads the session once for a page that sends someone whose session has ended to sign in', async () => {
    clock.advance(9 * 3600_000);
    const statements = await sessionStatements(async () => {
      const page = await agent.get('/cases');
      expect(page.status).toBe(303);
      expect(page.headers.location).toBe(`/sign-in?next=${encodeURIComponent('/cases')}`);
    });
    expect(statements).toEqual(['SELECT']);
  });
});
