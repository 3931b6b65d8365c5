import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { ManualClock } from '../libs/core/clock.service';
import { type CreatedTenant } from '../libs/directory/use-cases/create-tenant.use-case';
import { postSignIn } from '../libs/testing/sign-in.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { directoryUseCases } from '../libs/testing/directory-use-cases.factory';

/*
 * A browser that still sends the cookie of a session that has ended elsewhere (signed out on
 * another device, ended by a password reset) is bound to no council's rows (ADR 0015: the cookie
 * names nothing, so it binds NO_COUNCIL), while queries bound to no council are refused. Such a
 * browser still signs in, and still reads the public register and forward plan: what finds the
 * council does so out loud, across councils or from the address, never through the stale
 * cookie's binding. Invented council and person.
 */
describe('a stale session cookie', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let council: CreatedTenant;
  const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));
  const suffix = randomBytes(3).toString('hex');
  const password = 'a long passphrase of my own';

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock, {
      PUBLIC_ORIGIN: 'http://localhost:3000',
      ADMIN_SECOND_FACTOR: 'optional',
    });
    council = await directoryUseCases(db.ds, clock).createTenant.create({
      slug: `eastleigh-${suffix}`,
      name: `Eastleigh Borough Council ${suffix}`,
      adminEmail: `alex.morgan@eastleigh-${suffix}.example.org`,
    });
    await request(app.getHttpServer())
      .post(`/set-password/${council.passwordToken}`)
      .type('form')
      .send({ password, confirm: password })
      .expect(200);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** A browser signed in, whose session then ended elsewhere: it keeps sending the cookie. */
  async function staleBrowser(): Promise<TestAgent> {
    const agent = request.agent(app.getHttpServer());
    expect((await postSignIn(agent, { email: council.admin.email, password })).status).toBe(303);
    await agent.get('/directory/organisations').expect(200);
    await db.superuser('DELETE FROM staff_sessions WHERE tenant_id = $1', [council.tenantId]);
    return agent;
  }

  it('is sent to sign in from a signed-in page, and signs in again to its council', async () => {
    const agent = await staleBrowser();
    const page = await agent.get('/directory/organisations').expect(303);
    expect(page.headers.location).toBe('/sign-in?next=%2Fdirectory%2Forganisations');
    await agent.get('/sign-in').expect(200);
    const signedIn = await postSignIn(agent, { email: council.admin.email, password });
    expect(signedIn.status).toBe(303);
    const organisations = await agent.get('/directory/organisations').expect(200);
    expect(organisations.text).toContain(council.name);
  });

  it('reads the council’s public register and forward plan', async () => {
    const agent = await staleBrowser();
    const register = await agent.get(`/register/${council.slug}`).expect(200);
    expect(register.text).toContain(council.name);
    const plan = await agent.get(`/forward-plan/${council.slug}`).expect(200);
    expect(plan.text).toContain(council.name);
  });

  it('finds no link for an unknown token, saying so rather than failing', async () => {
    const agent = await staleBrowser();
    const link = await agent.get(`/act/${randomBytes(32).toString('base64url')}`);
    expect(link.status).toBeLessThan(500);
  });
});
