import { INestApplication } from '@nestjs/common';
import { authenticator } from 'otplib';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { ManualClock } from '../libs/core/clock.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { postSignIn } from '../libs/testing/sign-in.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

const PASSWORD = 'admin-password-long';

/** An authenticator app for password sign-ins: required of administrators, codes once, throttled. */
describe('two-factor sign-in', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let world: BcfWorld;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  let secret = '';
  let recovery: string[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock, { ADMIN_SECOND_FACTOR: 'required' });
    world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.ceo,
      role: 'administrator',
      password: PASSWORD,
      at: clock.now(),
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const codeNow = () => authenticator.clone({ epoch: clock.now().getTime() }).generate(secret);
  async function withPassword(): Promise<TestAgent> {
    const agent = request.agent(app.getHttpServer());
    expect(
      (await postSignIn(agent, { email: world.emailOf('ceo'), password: PASSWORD })).status,
    ).toBe(303);
    return agent;
  }
  async function answer(agent: TestAgent, code: string) {
    const page = await agent.get('/sign-in/two-factor?next=/cases');
    expect(page.status).toBe(200);
    return agent
      .post('/sign-in/two-factor')
      .type('form')
      .send({ code, next: '/cases', _csrf: csrfOf(page.text) });
  }

  it('sends an administrator to set up an authenticator app first, and shows recovery codes once', async () => {
    const agent = await withPassword();
    const cases = await agent.get('/cases');
    expect(cases.status).toBe(303);
    expect(cases.headers.location).toBe('/account/two-factor');
    const page = await agent.get('/account/two-factor');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<svg');
    secret = (/<code[^>]*>([A-Z2-7 ]+)<\/code>/.exec(page.text)?.[1] ?? '').replace(/ /g, '');
    expect(secret).toHaveLength(32);

    const wrong = await agent
      .post('/account/two-factor')
      .type('form')
      .send({ code: '000000', _csrf: csrfOf(page.text) });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('href="#code"');

    const done = await agent
      .post('/account/two-factor')
      .type('form')
      .send({ code: codeNow(), _csrf: csrfOf(page.text) });
    expect(done.status).toBe(200);
    recovery = [...done.text.matchAll(/<li><code>([a-z2-9-]{14})<\/code><\/li>/g)].map((m) => m[1]);
    expect(recovery).toHaveLength(10);
    const stored: { code_hash: string }[] = await db.ds.query(
      'SELECT code_hash FROM staff_recovery_codes',
    );
    expect(stored).toHaveLength(10);
    expect(stored.map((s) => s.code_hash)).not.toContain(recovery[0]);
    expect((await agent.get('/cases')).status).toBe(200);
    const again = await agent.get('/account/two-factor');
    expect(again.text).not.toContain(recovery[0]);
    expect(again.text).toContain('10 recovery codes left');
  });

  it('asks for a code after the password, never takes one twice, and starts a new session when given', async () => {
    const agent = await withPassword();
    const cases = await agent.get('/cases');
    expect(cases.headers.location).toBe('/sign-in/two-factor?next=%2Fcases');
    expect((await agent.get('/account/sessions')).status).toBe(303);
    // The code used to turn the app on, in the same 30 seconds: refused.
    const reused = await answer(agent, codeNow());
    expect(reused.status).toBe(422);
    expect(reused.text).toContain('That code has been used already');
    clock.advance(30_000);
    const given = await answer(agent, codeNow());
    expect(given.status).toBe(303);
    expect(given.headers.location).toBe('/cases');
    expect(String(given.headers['set-cookie'])).toMatch(/ratify_session=[A-Za-z0-9_-]{43}/);
    expect((await agent.get('/cases')).status).toBe(200);
    const pending: unknown[] = await db.ds.query(
      'SELECT 1 FROM staff_sessions WHERE second_factor_pending',
    );
    // The session that owed the code was replaced by a new one: its token never signs anything in.
    expect(pending).toHaveLength(0);
  });

  it('takes a recovery code once', async () => {
    const first = await withPassword();
    expect((await answer(first, recovery[0].toUpperCase().replace(/-/g, ' '))).status).toBe(303);
    const second = await withPassword();
    expect((await answer(second, recovery[0])).status).toBe(422);
  });

  it('stops taking codes for 15 minutes after five wrong ones in a row', async () => {
    clock.advance(60_000);
    // A right code ends any run of wrong ones (the recovery code used twice above was one).
    expect((await answer(await withPassword(), codeNow())).status).toBe(303);
    const agent = await withPassword();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await answer(agent, '123456')).status);
    expect(statuses).toEqual([422, 422, 422, 422, 429]);
    const locked = await answer(agent, codeNow());
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('Too many wrong codes');
    clock.advance(15 * 60_000);
    expect((await answer(agent, codeNow())).status).toBe(303);
  });
});
