import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { ManualClock } from '../libs/core/clock.service';
import { type CreatedTenant } from '../libs/directory/use-cases/create-tenant.use-case';
import { PasswordResetUseCase } from '../libs/staff/password-reset.use-case';
import { postSignIn } from '../libs/testing/sign-in.service';
import { SmtpCapture } from '../libs/testing/smtp-capture.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { directoryUseCases } from '../libs/testing/directory-use-cases.factory';

/*
 * One person working for several councils with one email address (issue #10): an ICB officer who
 * is on two councils' boards has a person and a staff account in each council's directory, each
 * with its own role and password. Sign-in asks which council when one password opens both, a
 * council's own sign-in address goes straight to it, password emails are one per council, and
 * signed in to one council they see nothing of the other's directory. Invented people.
 */
describe('one email, staff of two councils', () => {
  let db: TestDatabase;
  let smtp: SmtpCapture;
  let app: INestApplication;
  let solent: CreatedTenant;
  let wessex: CreatedTenant;
  const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));
  const suffix = randomBytes(3).toString('hex');
  const email = `sam.patel@icb-${suffix}.example.org`;
  const SHARED = 'one passphrase for both';
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const choiceOf = (html: string) => /name="choice" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const setPassword = async (token: string, password: string) =>
    request(app.getHttpServer())
      .post(`/set-password/${token}`)
      .type('form')
      .send({ password, confirm: password })
      .expect(200);
  const councilOf = async (agent: TestAgent) => {
    const page = await agent.get('/directory/organisations').expect(200);
    return [solent, wessex].filter((t) => page.text.includes(t.name)).map((t) => t.slug);
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    smtp = await SmtpCapture.start();
    app = await buildTestApp(db.ds, clock, {
      SMTP_URL: smtp.url,
      PUBLIC_ORIGIN: 'http://localhost:3000',
    });
    const tenants = directoryUseCases(db.ds, clock).createTenant;
    solent = await tenants.create({
      slug: `solent-${suffix}`,
      name: `Solent Borough Council ${suffix}`,
      adminEmail: email,
    });
    // The same address as the first administrator of a second council: not refused.
    wessex = await tenants.create({
      slug: `wessex-${suffix}`,
      name: `Wessex County Council ${suffix}`,
      adminEmail: email.toUpperCase(),
    });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await db?.drop();
  });

  it('gives the one email a person and an administrator’s account in each council', async () => {
    const rows: { tenant_id: string; role: string }[] = await db.ds.query(
      `SELECT a.tenant_id, a.role FROM staff_accounts a JOIN people p ON p.id = a.person_id
        WHERE lower(p.email) = lower($1) ORDER BY a.tenant_id = $2 DESC`,
      [email, solent.tenantId],
    );
    expect(rows).toEqual([
      { tenant_id: solent.tenantId, role: 'administrator' },
      { tenant_id: wessex.tenantId, role: 'administrator' },
    ]);
    expect(solent.admin.personId).not.toBe(wessex.admin.personId);
  });

  it('signs in to the council whose password was typed, when each has its own', async () => {
    await setPassword(solent.passwordToken, 'solent passphrase one');
    await setPassword(wessex.passwordToken, 'wessex passphrase two');
    const atSolent = request.agent(app.getHttpServer());
    const first = await postSignIn(atSolent, { email, password: 'solent passphrase one' });
    expect([first.status, first.headers.location]).toEqual([303, '/cases']);
    expect(await councilOf(atSolent)).toEqual([solent.slug]);

    const atWessex = request.agent(app.getHttpServer());
    const second = await postSignIn(atWessex, { email, password: 'wessex passphrase two' });
    expect(second.status).toBe(303);
    expect(await councilOf(atWessex)).toEqual([wessex.slug]);

    // A council's own sign-in address takes only that council's password.
    const direct = request.agent(app.getHttpServer());
    const page = await direct.get(`/sign-in?council=${solent.slug}`).expect(200);
    expect(page.text).toContain(`Sign in to ${solent.name}`);
    const wrongCouncil = await direct
      .post('/sign-in')
      .type('form')
      .send({
        email,
        password: 'wessex passphrase two',
        council: solent.slug,
        _csrf: csrfOf(page.text),
      });
    expect(wrongCouncil.status).toBe(422);
    expect(wrongCouncil.text).toContain('The email address or password is not right');
    expect(wrongCouncil.text).toContain(`Sign in to ${solent.name}`);
  });

  it('asks which council when one password opens both, and signs in to the one chosen', async () => {
    const resets = app.get(PasswordResetUseCase);
    const before = smtp.messages.length;
    expect(await resets.request(email).sent).toBe(true);
    const mails = (await smtp.waitForCount(before + 2)).slice(before);
    // One email per council, each naming it and resetting that council's account only.
    expect(mails).toHaveLength(2);
    for (const [council, mail] of [
      [solent, mails.find((m) => m.text.includes(solent.name))],
      [wessex, mails.find((m) => m.text.includes(wessex.name))],
    ] as const) {
      expect(mail).toBeDefined();
      const token = /\/set-password\/([A-Za-z0-9_-]{43})/.exec(mail!.text)![1];
      const [link]: { account_id: string }[] = await db.ds.query(
        `SELECT account_id FROM password_links WHERE token_hash = encode(sha256($1::bytea), 'hex')`,
        [token],
      );
      expect(link?.account_id).toBe(council.admin.accountId);
      await setPassword(token, SHARED);
    }

    const agent = request.agent(app.getHttpServer());
    const asked = await postSignIn(agent, { email, password: SHARED });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('Which council do you want to sign in to?');
    expect(asked.text.indexOf(solent.name)).toBeLessThan(asked.text.indexOf(wessex.name));
    expect(await agent.get('/cases').redirects(0)).toMatchObject({ status: 303 });

    // Nothing chosen: asked again, the error linked to the radios.
    const none = await agent
      .post('/sign-in/council')
      .type('form')
      .send({ choice: choiceOf(asked.text), _csrf: csrfOf(asked.text), next: '/directory' });
    expect(none.status).toBe(422);
    expect(none.text).toContain('href="#council"');
    expect(none.text).toContain('Choose the council you want to sign in to');

    const chosen = await agent
      .post('/sign-in/council')
      .type('form')
      .send({
        choice: choiceOf(none.text),
        _csrf: csrfOf(none.text),
        council: wessex.slug,
        next: '/directory',
      });
    expect([chosen.status, chosen.headers.location]).toEqual([303, '/directory']);
    expect(await councilOf(agent)).toEqual([wessex.slug]);

    // Signed out, the same choice posted again from this browser (back and resubmit on a shared
    // computer) signs nobody in, though it has minutes left: its sign-in token ended with the choice.
    const signedIn = await agent.get('/cases').expect(200);
    await agent
      .post('/sign-out')
      .type('form')
      .send({ _csrf: csrfOf(signedIn.text) })
      .expect(303);
    const again = await agent
      .post('/sign-in/council')
      .type('form')
      .send({
        choice: choiceOf(none.text),
        _csrf: csrfOf(none.text),
        council: wessex.slug,
        next: '/directory',
      });
    expect(again.status).toBe(422);
    expect(again.text).toContain('The form has expired');
    expect(await agent.get('/cases').redirects(0)).toMatchObject({ status: 303 });
    // Nor with the cookie set again by hand from what the page shows: it carries only its hash.
    const byHand = await request(app.getHttpServer())
      .post('/sign-in/council')
      .set('Cookie', `ratify_sign_in=${csrfOf(none.text)}`)
      .type('form')
      .send({ choice: choiceOf(none.text), _csrf: csrfOf(none.text), council: wessex.slug });
    expect(byHand.status).toBe(422);
    // Signed in again for what follows.
    await postSignIn(agent, { email, password: SHARED }).then((r) =>
      agent
        .post('/sign-in/council')
        .type('form')
        .send({
          choice: choiceOf(r.text),
          _csrf: csrfOf(r.text),
          council: wessex.slug,
          next: '/directory',
        }),
    );

    // Signed in to Wessex, Solent's directory is not there: not its people, not its records.
    const people = await agent.get('/directory/people').expect(200);
    expect(people.text).not.toContain(solent.admin.personId);
    expect((await agent.get(`/directory/people/${solent.admin.personId}`)).status).toBe(404);
    expect((await agent.get(`/directory/people/${wessex.admin.personId}`)).status).toBe(200);

    // The council's own address needs no choice.
    const direct = request.agent(app.getHttpServer());
    const page = await direct.get(`/sign-in?council=${solent.slug}`).expect(200);
    const straight = await direct
      .post('/sign-in')
      .type('form')
      .send({
        email,
        password: SHARED,
        council: solent.slug,
        _csrf: csrfOf(page.text),
      });
    expect(straight.status).toBe(303);
    expect(await councilOf(direct)).toEqual([solent.slug]);
  });

  it('refuses a choice altered, taken to another browser or too late, signing nobody in', async () => {
    const agent = request.agent(app.getHttpServer());
    const asked = await postSignIn(agent, { email, password: SHARED });
    const choice = choiceOf(asked.text);
    const [payload, mac] = choice.split('.');
    const widened = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
        a: [solent.admin.accountId, wessex.admin.accountId, randomBytes(16).toString('hex')],
      }),
    ).toString('base64url');
    const altered = await agent
      .post('/sign-in/council')
      .type('form')
      .send({ choice: `${widened}.${mac}`, _csrf: csrfOf(asked.text), council: solent.slug });
    expect(altered.status).toBe(422);
    expect(altered.text).toContain('Sign in again');

    // Another browser, with a sign-in cookie of its own, cannot use this browser's choice.
    const other = request.agent(app.getHttpServer());
    const otherPage = await other.get('/sign-in').expect(200);
    const elsewhere = await other
      .post('/sign-in/council')
      .type('form')
      .send({ choice, _csrf: csrfOf(otherPage.text), council: solent.slug });
    expect(elsewhere.status).toBe(422);
    expect(await other.get('/cases').redirects(0)).toMatchObject({ status: 303 });

    const late = await postSignIn(agent, { email, password: SHARED });
    clock.advance(11 * 60_000);
    const tooLate = await agent
      .post('/sign-in/council')
      .type('form')
      .send({ choice: choiceOf(late.text), _csrf: csrfOf(late.text), council: solent.slug });
    expect(tooLate.status).toBe(422);
    expect(tooLate.text).toContain('within 10 minutes');
    expect(await agent.get('/cases').redirects(0)).toMatchObject({ status: 303 });
  });
});
