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
 * The header names the council a session is signed in to, on every staff page, and offers the
 * person's other councils (issue #10). Switching goes through the chosen council's own sign-in
 * (its password, its rules) and ends the session switched from: a session is never carried from
 * one council to another. Invented people at example.org.
 */
describe('the council signed in to, in the header, and switching council', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let solent: CreatedTenant;
  let wessex: CreatedTenant;
  let dorset: CreatedTenant;
  const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));
  const suffix = randomBytes(3).toString('hex');
  const email = `jo.okafor@icb-${suffix}.example.org`;
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const header = (html: string) =>
    /data-council="([^"]+)">Signed in to <strong>([^<]+)<\/strong>/.exec(html)?.slice(1, 3);
  const STAFF_PAGES = [
    '/cases',
    '/cases/find',
    '/meetings',
    '/directory',
    '/directory/people',
    '/directory/bodies',
    '/forward-plan',
    '/admin/settings',
    '/admin/staff',
    '/account/sessions',
  ];
  const setPassword = (token: string, password: string) =>
    request(app.getHttpServer())
      .post(`/set-password/${token}`)
      .type('form')
      .send({ password, confirm: password })
      .expect(200);
  const sessionsOf = async (tenantId: string): Promise<number> => {
    const [row]: { n: number }[] = await db.ds.query(
      'SELECT count(*)::int AS n FROM staff_sessions WHERE tenant_id = $1',
      [tenantId],
    );
    return row.n;
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock, { PUBLIC_ORIGIN: 'http://localhost:3000' });
    const tenants = directoryUseCases(db.ds, clock).createTenant;
    solent = await tenants.create({
      slug: `solent-${suffix}`,
      name: `Solent Borough Council ${suffix}`,
      adminEmail: email,
    });
    wessex = await tenants.create({
      slug: `wessex-${suffix}`,
      name: `Wessex County Council ${suffix}`,
      adminEmail: email,
    });
    // A council the person has nothing to do with.
    dorset = await tenants.create({
      slug: `dorset-${suffix}`,
      name: `Dorset Council ${suffix}`,
      adminEmail: `alex.reid@dorset-${suffix}.example.org`,
    });
    await setPassword(solent.passwordToken, 'solent passphrase one');
    await setPassword(wessex.passwordToken, 'wessex passphrase two');
    await setPassword(dorset.passwordToken, 'dorset passphrase three');
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function signedIn(password: string, council?: string): Promise<TestAgent> {
    const agent = request.agent(app.getHttpServer());
    const page = await agent.get(`/sign-in${council ? `?council=${council}` : ''}`).expect(200);
    await agent
      .post('/sign-in')
      .type('form')
      .send({ email, password, _csrf: csrfOf(page.text), ...(council ? { council } : {}) })
      .expect(303);
    return agent;
  }

  it('names the council signed in to on every staff page, with a switch to the other', async () => {
    const agent = await signedIn('solent passphrase one');
    for (const path of STAFF_PAGES) {
      const page = await agent.get(path).redirects(0);
      expect([path, page.status]).toEqual([path, 200]);
      expect([path, header(page.text)]).toEqual([path, [solent.slug, solent.name]]);
      expect(page.text).toContain(`href="/account/council?next=${encodeURIComponent(path)}"`);
      expect(page.text).not.toContain(wessex.name);
    }
  });

  it('offers no switch to a person with one council, and names no council on public pages', async () => {
    const agent = request.agent(app.getHttpServer());
    await postSignIn(agent, {
      email: `alex.reid@dorset-${suffix}.example.org`,
      password: 'dorset passphrase three',
    }).then((r) => expect(r.status).toBe(303));
    const page = await agent.get('/directory').expect(200);
    expect(header(page.text)).toEqual([dorset.slug, dorset.name]);
    expect(page.text).not.toContain('Switch council');
    const none = await agent.get('/account/council').expect(200);
    expect(none.text).toContain('Your email address has no account in another council');

    const signInPage = await request(app.getHttpServer()).get('/sign-in').expect(200);
    expect(signInPage.text).not.toContain('Signed in to');
  });

  it('switches council through the chosen council’s own sign-in, ending the session left', async () => {
    const agent = await signedIn('solent passphrase one');
    const solentSessions = await sessionsOf(solent.tenantId);
    const choice = await agent.get('/account/council?next=/directory').expect(200);
    expect(choice.text).toContain('Which council do you want to switch to?');
    expect(choice.text).toContain(wessex.name);
    expect(choice.text).not.toContain(dorset.name);
    const csrf = csrfOf(choice.text);

    // Nothing chosen, or a council the email has no account in: asked again, linked to the radios.
    for (const council of [undefined, dorset.slug]) {
      const again = await agent
        .post('/account/council')
        .type('form')
        .send({ _csrf: csrf, next: '/directory', ...(council ? { council } : {}) });
      expect(again.status).toBe(422);
      expect(again.text).toContain('href="#council"');
      expect(again.text).toContain('Choose the council you want to switch to');
    }
    // Without the session's CSRF token nothing moves.
    const forged = await agent
      .post('/account/council')
      .type('form')
      .send({ council: wessex.slug, next: '/directory' });
    expect(forged.status).toBe(422);
    expect(forged.text).toContain('The form has expired');

    const chosen = await agent
      .post('/account/council')
      .type('form')
      .send({ _csrf: csrf, council: wessex.slug, next: '/directory' });
    expect(chosen.status).toBe(303);
    expect(chosen.headers.location).toBe(`/sign-in?council=${wessex.slug}&next=%2Fdirectory`);

    // Still Solent's session until Wessex's own sign-in succeeds: nothing carried over.
    const signInPage = await agent.get(chosen.headers.location).expect(200);
    expect(signInPage.text).toContain(`Sign in to ${wessex.name}`);
    expect(signInPage.text).toContain(`You are signed in to ${solent.name}`);
    expect(header((await agent.get('/directory').expect(200)).text)).toEqual([
      solent.slug,
      solent.name,
    ]);
    // Solent's password is not Wessex's: refused, still in Solent.
    const wrong = await agent
      .post('/sign-in')
      .type('form')
      .send({
        email,
        password: 'solent passphrase one',
        council: wessex.slug,
        _csrf: csrfOf(signInPage.text),
        next: '/directory',
      });
    expect(wrong.status).toBe(422);
    expect(header((await agent.get('/directory').expect(200)).text)?.[0]).toBe(solent.slug);

    const switched = await agent
      .post('/sign-in')
      .type('form')
      .send({
        email,
        password: 'wessex passphrase two',
        council: wessex.slug,
        _csrf: csrfOf(wrong.text),
        next: '/directory',
      });
    expect([switched.status, switched.headers.location]).toEqual([303, '/directory']);
    const page = await agent.get('/directory').expect(200);
    expect(header(page.text)).toEqual([wessex.slug, wessex.name]);
    expect(page.text).toContain('Switch council');
    expect(await sessionsOf(solent.tenantId)).toBe(solentSessions - 1);
  });
});
