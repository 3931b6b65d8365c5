import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { LinkTokens } from '../libs/links/link-token.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { caseAwaitingAgreementOverApi } from '../libs/testing/bcf-api-harness.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { postSignIn } from '../libs/testing/sign-in.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

const SCANNER = 'Mimecast URL protection';
const PERSON = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Safari/604.1';
const PASSWORD = 'officer-security-1';

/** Issue #20, item 4: no-store wherever a token or personal data goes, HEADs apart, scanners kept from locking people out. */
describe('headers and evidence of emailed links', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let world: BcfWorld;
  let tokens: LinkTokens;
  const server = () => app.getHttpServer();

  beforeAll(async () => {
    db = await openTestDatabase();
    const h = engineHarness(db.ds);
    app = await buildTestApp(db.ds, h.clock, { LINK_RATE_LIMIT_PER_MINUTE: '6' });
    tokens = app.get(LinkTokens);
    world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: PASSWORD,
      at: h.clock.now(),
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** A case awaiting the CEO's and the AO's agreement; their links' tokens. */
  async function caseAwaitingAgreement() {
    const { caseId } = await caseAwaitingAgreementOverApi(app, world);
    const tokenOf = async (personId: string) => {
      const [l]: { id: string }[] = await db.ds.query(
        `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
        [caseId, personId],
      );
      return { id: l.id, token: tokens.tokenFor(l.id) };
    };
    return {
      caseId,
      ceo: await tokenOf(world.ids.people.ceo),
      ao: await tokenOf(world.ids.people.ao),
    };
  }

  const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

  it('sends no-store with link pages, receipts, refusals, certificates, signed-in pages and API answers, and lets the public register and assets be cached', async () => {
    const { caseId, ceo } = await caseAwaitingAgreement();
    const noStore: [string, request.Response][] = [];
    // The address is the one a person shares with their office's scanner.
    const as = (r: request.Test) => r.set('X-Forwarded-For', '198.51.100.10');
    const page = await as(request(server()).get(`/act/${ceo.token}`)).expect(200);
    noStore.push(['link page', page]);
    noStore.push(['link HEAD', await as(request(server()).head(`/act/${ceo.token}`)).expect(200)]);
    noStore.push([
      'link form re-shown',
      await as(request(server()).post(`/act/${ceo.token}`))
        .type('form')
        .send({ csrf: csrfOf(page.text) })
        .expect(422),
    ]);
    noStore.push([
      'receipt',
      await as(request(server()).post(`/act/${ceo.token}`))
        .type('form')
        .send({ csrf: csrfOf(page.text), response: 'approve' })
        .expect(200),
    ]);
    noStore.push([
      'already used',
      await as(request(server()).post(`/act/${ceo.token}`))
        .type('form')
        .send({ csrf: csrfOf(page.text), response: 'approve' })
        .expect(200),
    ]);
    noStore.push([
      'unknown link',
      await as(request(server()).get(`/act/${'b'.repeat(43)}`)).expect(404),
    ]);
    const officer = { Authorization: `Bearer ${world.keys.officer}` };
    noStore.push(['API case', await request(server()).get(`/api/cases/${caseId}`).set(officer)]);
    noStore.push(['API list', await request(server()).get('/api/cases').set(officer)]);
    noStore.push(['API refusal', await request(server()).get('/api/cases')]);
    noStore.push([
      'API certificate',
      await request(server()).get(`/api/cases/${caseId}/certificate`).set(officer),
    ]);
    const agent = request.agent(server());
    expect(
      (await postSignIn(agent, { email: world.emailOf('officer'), password: PASSWORD })).status,
    ).toBe(303);
    noStore.push(['dashboard', await agent.get('/cases')]);
    noStore.push(['staff certificate', await agent.get(`/cases/${caseId}/certificate`)]);
    noStore.push(['sign-in page', await request(server()).get('/sign-in')]);

    expect(
      noStore.map(([what, res]) => ({ what, cacheControl: res.headers['cache-control'] })),
    ).toEqual(noStore.map(([what]) => ({ what, cacheControl: 'no-store' })));
    for (const [, res] of noStore) expect(res.status).toBeLessThan(500);

    const [{ slug }]: { slug: string }[] = await db.ds.query(
      'SELECT slug FROM tenants WHERE tenant_id = $1',
      [world.tenantId],
    );
    const register = await request(server()).get(`/register/${slug}`);
    expect(register.status).toBe(200);
    expect(register.headers['cache-control']).not.toBe('no-store');
    const css = await request(server()).get('/assets/images/favicon.ico');
    expect(css.status).toBe(200);
    expect(css.headers['cache-control']).not.toBe('no-store');
  });

  it('records a HEAD as a HEAD and lists it apart from the people who opened the link', async () => {
    const { caseId, ao } = await caseAwaitingAgreement();
    await request(server()).head(`/act/${ao.token}`).set('User-Agent', SCANNER).expect(200);
    await request(server()).get(`/act/${ao.token}`).set('User-Agent', PERSON).expect(200);
    const views: { method: string; user_agent: string }[] = await db.ds.query(
      'SELECT method, user_agent FROM action_link_views WHERE link_id = $1 ORDER BY id',
      [ao.id],
    );
    expect(views).toEqual([
      { method: 'HEAD', user_agent: SCANNER },
      { method: 'GET', user_agent: PERSON },
    ]);

    const cert = await request(server())
      .get(`/api/cases/${caseId}/certificate`)
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .expect(200);
    const [record, checks] = cert.text.split('Links checked without being opened');
    expect(record).toContain(PERSON);
    expect(record).not.toContain(SCANNER);
    expect(checks).toContain(SCANNER);
    expect(checks).toContain('HEAD of link');
    expect(checks).not.toContain(PERSON);
    expect(cert.text).not.toMatch(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/);
  });

  it('never lets a scanner sharing the person’s address lock them out of their link', async () => {
    const { ao, ceo } = await caseAwaitingAgreement();
    const office = '198.51.100.20';
    // The scanner checks every link in the office's mail, over and over, mostly with HEAD.
    for (let i = 0; i < 20; i++) {
      const head = await request(server())
        .head(`/act/${ao.token}`)
        .set({ 'X-Forwarded-For': office, 'User-Agent': SCANNER });
      expect(head.status).toBe(200);
    }
    for (let i = 0; i < 6; i++) {
      await request(server())
        .get(`/act/${ceo.token}`)
        .set({ 'X-Forwarded-For': office, 'User-Agent': SCANNER })
        .expect(200);
    }
    // The CEO's link has had its fill from this address; the AO's GETs are untouched.
    await request(server()).get(`/act/${ceo.token}`).set({ 'X-Forwarded-For': office }).expect(429);
    const page = await request(server())
      .get(`/act/${ao.token}`)
      .set({ 'X-Forwarded-For': office, 'User-Agent': PERSON })
      .expect(200);
    const answered = await request(server())
      .post(`/act/${ao.token}`)
      .set({ 'X-Forwarded-For': office, 'User-Agent': PERSON })
      .type('form')
      .send({ csrf: csrfOf(page.text), response: 'approve' })
      .expect(200);
    expect(answered.text).toContain('Your answer is recorded');
  });

  it('still stops an address that guesses links, by its refused requests', async () => {
    const guesser = '198.51.100.30';
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push(
        (
          await request(server())
            .get(`/act/${String(i).repeat(43)}`)
            .set('X-Forwarded-For', guesser)
        ).status,
      );
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 429, 429]);
    // Another address is not held back by it.
    await request(server())
      .get(`/act/${'9'.repeat(43)}`)
      .set('X-Forwarded-For', '198.51.100.31')
      .expect(404);
  });
});
