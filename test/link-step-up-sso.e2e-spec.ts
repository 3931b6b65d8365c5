import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { LinkTokens } from '../libs/links/link-token.service';
import { buildJcbWorld, JcbWorld } from '../libs/testing/jcb-world.factory';
import { continuedTo, OidcTestProvider } from '../libs/testing/oidc-test-provider.service';
import {
  connectCouncilProvider,
  jcbCaseAwaitingDecision,
} from '../libs/testing/step-up-case.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * Step-up through the organisation's own sign-in before an answer by link (issue #16 item 4,
 * ADR 0016), against a real OpenID provider (oidc-provider): the JCB decision maker's council has
 * its provider set up, so that is how they confirm who they are; the provider's email must be theirs.
 */
const ORIGIN = 'http://127.0.0.1:9';

describe('step-up through the organisation’s sign-in before an answer by link is recorded', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let idp: OidcTestProvider;
  let tokens: LinkTokens;
  let world: JcbWorld;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock, {
      PUBLIC_ORIGIN: ORIGIN,
      LINK_RATE_LIMIT_PER_MINUTE: '1000',
    });
    tokens = app.get(LinkTokens);
    world = await buildJcbWorld(db.ds);
    idp = await OidcTestProvider.start({
      clients: [
        {
          client_id: 'ratify-step-up',
          client_secret: 'step-up-secret',
          redirect_uris: [`${ORIGIN}/sign-in/oidc/callback`, `${ORIGIN}/act/verify/callback`],
        },
      ],
      accounts: {
        ada: { email: world.emailOf('cab1'), email_verified: true },
        ben: { email: world.emailOf('cab2'), email_verified: true },
        unverified: { email: world.emailOf('cab1'), email_verified: false },
      },
    });
    process.env.OIDC_STEP_UP_TEST_SECRET = 'step-up-secret';
    await connectCouncilProvider(app, db.ds, world, clock.now(), {
      issuer: idp.issuer,
      clientId: 'ratify-step-up',
      secretSetting: 'OIDC_STEP_UP_TEST_SECRET',
    });
  });
  afterAll(async () => {
    await idp?.stop();
    await app?.close();
    await db?.drop();
  });

  async function openAs(token: string) {
    const agent = request.agent(app.getHttpServer());
    const page = await agent.get(`/act/${token}`).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1];
    return { agent, page, csrf };
  }

  async function recorded(caseId: string) {
    const [c]: { version: number }[] = await db.ds.query(
      'SELECT version FROM cases WHERE id = $1',
      [caseId],
    );
    const [a]: { n: number }[] = await db.ds.query(
      'SELECT count(*)::int AS n FROM audit_records WHERE case_id = $1',
      [caseId],
    );
    return { version: c.version, audit: a.n };
  }

  /** Starts the step-up from the link's page and signs in at the provider as `login`. */
  async function signInAtProvider(
    agent: ReturnType<typeof request.agent>,
    token: string,
    csrf: string,
    login: string,
  ) {
    const started = await agent
      .post(`/act/${token}/verify/organisation`)
      .type('form')
      .send({ csrf });
    const authorization = new URL(continuedTo(started));
    expect(authorization.origin).toBe(idp.issuer);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('redirect_uri')).toBe(`${ORIGIN}/act/verify/callback`);
    expect(authorization.searchParams.get('login_hint')).toBe(world.emailOf('cab1'));
    const back = await idp.signInAt(authorization.toString(), login);
    expect(back.pathname).toBe('/act/verify/callback');
    return back;
  }

  it('offers the council’s sign-in, and records the answer with the provider, the email and the time', async () => {
    const { c, linkId } = await jcbCaseAwaitingDecision(app, db.ds, world, clock);
    const token = tokens.tokenFor(linkId);
    const { agent, page, csrf } = await openAs(token);
    expect(page.text).toContain('Continue to Southampton City Council sign-in');
    expect(page.text).not.toContain('Email me a code');
    // Codes are not offered where the organisation has its own sign-in.
    const code = await agent.post(`/act/${token}/verify/code`).type('form').send({ csrf });
    expect([code.status, code.headers.location]).toEqual([303, `/act/${token}`]);

    const back = await signInAtProvider(agent, token, csrf, 'ada');
    const returned = await agent.get(back.pathname + back.search);
    expect([returned.status, returned.headers.location]).toEqual([303, `/act/${token}`]);
    const confirmed = await agent.get(`/act/${token}`).expect(200);
    expect(confirmed.text).toContain(
      `You confirmed who you are through Southampton City Council sign-in as ${world.emailOf('cab1')}`,
    );
    // The callback is taken once: a replay is refused.
    const replay = await agent.get(back.pathname + back.search);
    expect(replay.status).toBe(403);
    expect(replay.text).toContain('was not started in this browser');

    await agent.post(`/act/${token}`).type('form').send({ csrf, response: 'approve' }).expect(200);
    const [audit]: { event: { evidence: { stepUp: Record<string, string> } } }[] =
      await db.ds.query(
        'SELECT event FROM audit_records WHERE case_id = $1 ORDER BY seq DESC LIMIT 1',
        [c.id],
      );
    // The chain says how, when and through whom; the email proved is kept beside it (docs/adr/0020).
    expect(audit.event.evidence.stepUp).toEqual({
      method: 'organisation-sign-in',
      verifiedAt: '2025-09-05T10:00:00.000Z',
      provider: 'Southampton City Council',
    });
    const [kept]: { content: Record<string, string> }[] = await db.ds.query(
      'SELECT content FROM response_evidence WHERE case_id = $1 ORDER BY seq DESC LIMIT 1',
      [c.id],
    );
    expect(kept.content.stepUpEmail).toBe(world.emailOf('cab1'));
  });

  it('refuses a sign-in as someone else, an unverified email, a forged state and a callback from another browser, recording nothing', async () => {
    const { c, linkId } = await jcbCaseAwaitingDecision(app, db.ds, world, clock);
    const token = tokens.tokenFor(linkId);
    const before = await recorded(c.id);

    const someoneElse = await openAs(token);
    const back = await signInAtProvider(someoneElse.agent, token, someoneElse.csrf, 'ben');
    const mismatch = await someoneElse.agent.get(back.pathname + back.search);
    expect(mismatch.status).toBe(403);
    expect(mismatch.text).toContain('as someone other than the person this request was sent to');
    expect(mismatch.text).toContain(`href="/act/${token}"`);
    await someoneElse.agent
      .post(`/act/${token}`)
      .type('form')
      .send({ csrf: someoneElse.csrf, response: 'approve' })
      .expect(403);

    const unverified = await openAs(token);
    const back2 = await signInAtProvider(unverified.agent, token, unverified.csrf, 'unverified');
    const refused = await unverified.agent.get(back2.pathname + back2.search);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('did not confirm that your email address is verified');

    const forger = await openAs(token);
    const back3 = await signInAtProvider(forger.agent, token, forger.csrf, 'ada');
    back3.searchParams.set('state', 'forged-state');
    const forged = await forger.agent.get(back3.pathname + back3.search);
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('does not belong to the sign-in this browser started');

    // The right answer from the provider, carried to another browser: that browser started nothing.
    const owner = await openAs(token);
    const back4 = await signInAtProvider(owner.agent, token, owner.csrf, 'ada');
    const stolen = await request(app.getHttpServer()).get(back4.pathname + back4.search);
    expect(stolen.status).toBe(403);
    expect(stolen.text).toContain('was not started in this browser');

    const forgedStart = await owner.agent
      .post(`/act/${token}/verify/organisation`)
      .type('form')
      .send({ csrf: 'x'.repeat(43) });
    expect(forgedStart.status).toBe(422);
    expect(forgedStart.text).toContain('The form has expired');

    expect(await recorded(c.id)).toEqual(before);
    const [link]: { status: string }[] = await db.ds.query(
      'SELECT status FROM action_links WHERE id = $1',
      [linkId],
    );
    expect(link.status).toBe('open');
    const refusals: { method: string }[] = await db.ds.query(
      `SELECT method FROM action_link_views WHERE link_id = $1 AND method LIKE 'step-up refused%' ORDER BY viewed_at, method`,
      [linkId],
    );
    expect(refusals.map((r) => r.method).sort()).toEqual(
      [
        'step-up refused: email_mismatch',
        'step-up refused: email_unverified',
        'step-up refused: state_mismatch',
      ].sort(),
    );
  });
});
