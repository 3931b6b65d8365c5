import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { ManualClock } from '../libs/core/clock.service';
import { PasswordResetUseCase } from '../libs/staff/password-reset.use-case';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { postSignIn } from '../libs/testing/sign-in.service';
import { SmtpCapture } from '../libs/testing/smtp-capture.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

const FIREFOX_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const OLD_PASSWORD = 'the-old-password-1';
const NEW_PASSWORD = 'a brand new passphrase';

/** "Forgotten your password?" by emailed link, through a real SMTP peer, and "your sessions". */
describe('password reset and your sessions', () => {
  let db: TestDatabase;
  let smtp: SmtpCapture;
  let app: INestApplication;
  let world: BcfWorld;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    smtp = await SmtpCapture.start();
    app = await buildTestApp(db.ds, clock, { SMTP_URL: smtp.url });
    world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: OLD_PASSWORD,
      at: clock.now(),
    });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await db?.drop();
  });

  async function signIn(userAgent: string, password = OLD_PASSWORD): Promise<TestAgent> {
    const agent = request.agent(app.getHttpServer());
    const res = await postSignIn(
      agent,
      { email: world.emailOf('officer'), password },
      { 'User-Agent': userAgent },
    );
    expect(res.status).toBe(303);
    return agent;
  }
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const stillSignedIn = async (agent: TestAgent) => (await agent.get('/cases')).status === 200;

  it('lists where the person is signed in, in words and London time, and signs one out', async () => {
    const laptop = await signIn(FIREFOX_WINDOWS);
    clock.advance(90 * 60_000);
    const phone = await signIn(SAFARI_IPHONE);
    const page = await laptop.set('User-Agent', FIREFOX_WINDOWS).get('/account/sessions');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('Firefox on Windows');
    expect(page.text).toContain('Safari on iPhone');
    expect(page.text).toContain('1 August 2025 at 10:00am'); // 09:00 UTC is 10:00 in London in August
    expect(page.text).toContain('1 August 2025 at 11:30am');
    expect(page.text).toMatch(
      /Firefox on Windows\s*<strong class="govuk-tag govuk-tag--blue">\s*This browser/,
    );
    expect(page.text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);

    const ids = [...page.text.matchAll(/\/account\/sessions\/([0-9a-f-]{36})\/end/g)].map(
      (m) => m[1],
    );
    expect(ids).toHaveLength(2);
    const [phoneSession]: { id: string }[] = await db.ds.query(
      `SELECT id FROM staff_sessions WHERE user_agent LIKE '%iPhone%'`,
    );
    expect(ids).toContain(phoneSession.id);
    // Without the form's token nothing ends.
    expect(
      (await laptop.post(`/account/sessions/${phoneSession.id}/end`).type('form').send({})).status,
    ).toBe(403);
    expect(await stillSignedIn(phone)).toBe(true);
    const ended = await laptop
      .post(`/account/sessions/${phoneSession.id}/end`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    expect(ended.status).toBe(303);
    expect(await stillSignedIn(phone)).toBe(false);
    expect(await stillSignedIn(laptop)).toBe(true);

    // Another's session is not theirs to end.
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.ceo,
      role: 'administrator',
      password: OLD_PASSWORD,
      at: clock.now(),
    });
    const [other]: { id: string }[] = await db.ds.query(
      `INSERT INTO staff_sessions (tenant_id, account_id, token_hash, csrf_token, method, created_at, expires_at)
       SELECT a.tenant_id, a.id, 'x' || gen_random_uuid(), 'c', 'password', now(), now() + interval '1 hour'
         FROM staff_accounts a WHERE a.person_id = $1 RETURNING id`,
      [world.ids.people.ceo],
    );
    const foreign = await laptop
      .post(`/account/sessions/${other.id}/end`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    expect(foreign.headers.location).toBe('/account/sessions?done=gone');
    expect(
      await db.ds.query('SELECT 1 FROM staff_sessions WHERE id = $1', [other.id]),
    ).toHaveLength(1);
  });

  it('answers the same whether or not the email has an account, and emails a link that resets once and signs out everywhere', async () => {
    const laptop = await signIn(FIREFOX_WINDOWS);
    const ask = async (email: string) => {
      const agent = request.agent(app.getHttpServer());
      const form = await agent.get('/sign-in/forgot-password');
      expect(form.status).toBe(200);
      return agent
        .post('/sign-in/forgot-password')
        .type('form')
        .send({ email, _csrf: csrfOf(form.text) });
    };
    const before = smtp.messages.length;
    const unknown = await ask(`nobody-${Date.now()}@example.org`);
    const known = await ask(world.emailOf('officer').toUpperCase());
    expect(unknown.status).toBe(200);
    expect(known.status).toBe(known.status);
    const words = (html: string) =>
      html
        .replace(/<strong>[^<]*<\/strong>/, '')
        .replace(/nonce="[^"]+"/g, '')
        .replace(/name="_csrf" value="[^"]+"/g, '');
    expect(words(known.text)).toBe(words(unknown.text));
    expect(known.text).toContain('Check your email');

    const [mail] = (await smtp.waitForCount(before + 1)).slice(before);
    expect(mail.subject).toBe('Reset your Ratify password');
    expect(mail.to).toContain(world.emailOf('officer'));
    const link = /http:\/\/localhost:3000(\/set-password\/[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
    expect(link).toBeDefined();
    const [stored]: { token_hash: string }[] = await db.ds.query(
      `SELECT token_hash FROM password_links WHERE purpose = 'reset'`,
    );
    expect(mail.text).not.toContain(stored.token_hash);

    const page = await request(app.getHttpServer()).get(link!);
    expect(page.text).toContain('Choose a new password');
    const saved = await request(app.getHttpServer())
      .post(link!)
      .type('form')
      .send({ password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(saved.text).toContain(
      'Every session that was signed in to your account has been signed out',
    );
    expect(await stillSignedIn(laptop)).toBe(false);
    await signIn(FIREFOX_WINDOWS, NEW_PASSWORD);
    const old = await postSignIn(request.agent(app.getHttpServer()), {
      email: world.emailOf('officer'),
      password: OLD_PASSWORD,
    });
    expect(old.status).toBe(422);

    // Used once: the same link again is unavailable, and changes nothing.
    const again = await request(app.getHttpServer())
      .post(link!)
      .type('form')
      .send({ password: 'yet another passphrase', confirm: 'yet another passphrase' });
    expect(again.status).toBe(404);
    await signIn(FIREFOX_WINDOWS, NEW_PASSWORD);
    expect(smtp.messages.slice(before).every((m) => m.to.includes(world.emailOf('officer')))).toBe(
      true,
    );
  });

  it('refuses a link after an hour, and sends at most three an hour to one account', async () => {
    const resets = app.get(PasswordResetUseCase);
    const before = smtp.messages.length;
    expect(await resets.request(world.emailOf('officer')).sent).toBe(true);
    const [mail] = (await smtp.waitForCount(before + 1)).slice(before);
    const link = /http:\/\/localhost:3000(\/set-password\/[A-Za-z0-9_-]{43})/.exec(mail.text)![1];
    clock.advance(61 * 60_000);
    expect((await request(app.getHttpServer()).get(link)).status).toBe(404);

    expect(await resets.request(world.emailOf('officer')).sent).toBe(true);
    expect(await resets.request(world.emailOf('officer')).sent).toBe(true);
    expect(await resets.request(world.emailOf('officer')).sent).toBe(true);
    expect(await resets.request(world.emailOf('officer')).sent).toBe(false);
    expect(await resets.request('nobody@example.org').sent).toBe(false);
  });

  it('asks for a real email address, keeping what was typed', async () => {
    const agent = request.agent(app.getHttpServer());
    const form = await agent.get('/sign-in/forgot-password');
    const res = await agent
      .post('/sign-in/forgot-password')
      .type('form')
      .send({ email: 'not an address', _csrf: csrfOf(form.text) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('href="#email"');
    expect(res.text).toContain('value="not an address"');
  });
});
