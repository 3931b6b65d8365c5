import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { LinkTokens } from '../libs/links/link-token.service';
import { caseAwaitingAgreementOverApi } from '../libs/testing/bcf-api-harness.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

describe('one-time action links', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let h: ReturnType<typeof engineHarness>;
  let tokens: LinkTokens;

  beforeAll(async () => {
    db = await openTestDatabase();
    h = engineHarness(db.ds);
    app = await buildTestApp(db.ds, h.clock, { LINK_RATE_LIMIT_PER_MINUTE: '1000' });
    tokens = app.get(LinkTokens);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  /** A case sent for agreement through the HTTP API, so that the app's own link secret made the links. */
  async function caseAwaitingAgreement(): Promise<{ world: BcfWorld; caseId: string }> {
    const world = await buildBcfWorld(db.ds);
    const { caseId } = await caseAwaitingAgreementOverApi(app, world);
    return { world, caseId };
  }

  async function linkFor(
    caseId: string,
    personId: string,
    status = 'open',
  ): Promise<{ id: string; token: string }> {
    const rows: { id: string }[] = await db.ds.query(
      'SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = $3 ORDER BY created_at DESC LIMIT 1',
      [caseId, personId, status],
    );
    if (!rows[0]) throw new Error(`no ${status} link for ${personId}`);
    return { id: rows[0].id, token: tokens.tokenFor(rows[0].id) };
  }

  async function csrfOf(token: string): Promise<string> {
    const page = await request(app.getHttpServer()).get(`/act/${token}`).expect(200);
    const match = /name="csrf" value="([^"]+)"/.exec(page.text);
    if (!match) throw new Error('no csrf field on the page');
    return match[1];
  }

  const answer = (token: string, form: object) =>
    request(app.getHttpServer()).post(`/act/${token}`).type('form').send(form);

  async function caseState(caseId: string) {
    const [c]: { version: number; state_key: string }[] = await db.ds.query(
      'SELECT version, state_key FROM cases WHERE id = $1',
      [caseId],
    );
    const [a]: { n: number }[] = await db.ds.query(
      'SELECT count(*)::int AS n FROM audit_records WHERE case_id = $1',
      [caseId],
    );
    return { ...c, audit: a.n };
  }

  it('shows the request without recording anything however many times a scanner GETs and HEADs it', async () => {
    const { caseId } = await caseAwaitingAgreement();
    const links: { id: string }[] = await db.ds.query(
      `SELECT id FROM action_links WHERE case_id = $1 AND status = 'open'`,
      [caseId],
    );
    expect(links).toHaveLength(2);
    const before = await caseState(caseId);
    for (const l of links) {
      for (let i = 0; i < 10; i++) {
        await request(app.getHttpServer())
          .get(`/act/${tokens.tokenFor(l.id)}`)
          .set('User-Agent', 'Mimecast URL scanner')
          .expect(200);
        await request(app.getHttpServer())
          .head(`/act/${tokens.tokenFor(l.id)}`)
          .expect(200);
      }
    }
    expect(await caseState(caseId)).toEqual(before);
    const open: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM action_links WHERE case_id = $1 AND status = 'open'`,
      [caseId],
    );
    expect(open[0].n).toBe(2);
    const views: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM action_link_views v JOIN action_links l ON l.id = v.link_id WHERE l.case_id = $1`,
      [caseId],
    );
    expect(views[0].n).toBe(40);
  });

  it('shows the person what they are asked, under which authority, with the page secured', async () => {
    const { world, caseId } = await caseAwaitingAgreement();
    const { token } = await linkFor(caseId, world.ids.people.ao);
    const page = await request(app.getHttpServer()).get(`/act/${token}`).expect(200);
    expect(page.text).toContain('Better Care Fund plan 2021/22');
    expect(page.text).toContain('Accountable Officer, NHS Southampton City CCG');
    expect(page.text).toContain('Tuesday 16 November 2021');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['strict-transport-security']).toContain('max-age=');
    expect(page.headers['content-security-policy']).toMatch(
      /default-src 'none'.*script-src 'nonce-/,
    );
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    // The page's one script runs under the policy's nonce, made afresh for each page.
    const nonceOf = (p: request.Response) => [
      /script-src 'nonce-([^']+)'/.exec(p.headers['content-security-policy'] as string)?.[1],
      /<script[^>]* nonce="([^"]+)"/.exec(p.text)?.[1],
    ];
    const [inPolicy, inPage] = nonceOf(page);
    expect(inPolicy).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(inPage).toBe(inPolicy);
    const again = await request(app.getHttpServer()).get(`/act/${token}`).expect(200);
    const [nextPolicy, nextPage] = nonceOf(again);
    expect(nextPage).toBe(nextPolicy);
    expect(nextPolicy).not.toBe(inPolicy);
  });

  it('records an approval on the audit chain with a commitment to its IP address and browser, kept beside it, and moves the case on', async () => {
    const { world, caseId } = await caseAwaitingAgreement();
    const { id, token } = await linkFor(caseId, world.ids.people.ao);
    const csrf = await csrfOf(token);
    const receipt = await request(app.getHttpServer())
      .post(`/act/${token}`)
      .set('User-Agent', 'Mozilla/5.0 (iPhone) test')
      .type('form')
      .send({ csrf, response: 'approveWithComments', comments: 'Agreed for the CCG.' })
      .expect(200);
    expect(receipt.text).toMatch(/Your answer is recorded\s*<[^]*__body">\s*You approve/);
    // When, in words on London's clock: "Recorded on Friday 4 December 2026 at 3:52am."
    expect(receipt.text).toMatch(/Recorded on \w+day \d{1,2} \w+ \d{4} at \d{1,2}:\d{2}[ap]m\./);
    expect(receipt.text).not.toContain('UTC');
    const trail = await h.audit.trail(world.tenantId, caseId);
    const last = trail.at(-1)!;
    expect(last.event).toMatchObject({
      type: 'AGREE',
      comments: 'Agreed for the CCG.',
      evidence: {
        channel: 'email-link',
        linkId: id,
        response: 'approveWithComments',
        personal: {
          scheme: 'hmac-sha256-salted/1',
          commitment: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
        documents: [],
      },
    });
    // The chain holds no personal data: the evidence is beside it, and matches the commitment.
    expect(JSON.stringify(last.event)).not.toContain('iPhone');
    expect(Object.keys((last.event as { evidence: object }).evidence)).not.toContain('ip');
    expect(last.personalEvidence).toMatchObject({
      state: 'kept',
      userAgent: 'Mozilla/5.0 (iPhone) test',
      ip: expect.stringMatching(/127\.0\.0\.1|::1|::ffff:127\.0\.0\.1/),
      matchesChain: true,
    });
    expect(last.authority).toMatchObject({ kind: 'office', role: 'accountableOfficer' });
    expect((await h.audit.verifyCase(world.tenantId, caseId)).ok).toBe(true);
    expect((await caseState(caseId)).state_key).toContain('accountableOfficer.agreed');
  });

  it('shows the rule that refused an answer on the link page, in words, keeps the request open and the answer typed', async () => {
    const { world, caseId } = await caseAwaitingAgreement();
    const { id, token } = await linkFor(caseId, world.ids.people.ceo);
    await request(app.getHttpServer())
      .post(`/api/cases/${caseId}/pause`)
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send({ expectedVersion: 2, reason: 'Awaiting legal advice.' })
      .expect(200);
    const csrf = await csrfOf(token);
    const refused = await answer(token, {
      csrf,
      response: 'approveWithComments',
      comments: 'Agreed, subject to advice.',
    }).expect(422);
    expect(refused.text).toContain('Your answer was not recorded');
    expect(refused.text).toContain('“A paused case takes no steps” refuses this: the case was');
    expect(refused.text).toContain('Awaiting legal advice.');
    expect(refused.text).toContain('A paused case takes no steps and its deadlines wait');
    expect(refused.text).not.toContain('This link cannot be used');
    expect(refused.text).toContain('Agreed, subject to advice.');
    const [link]: { status: string }[] = await db.ds.query(
      'SELECT status FROM action_links WHERE id = $1',
      [id],
    );
    expect(link.status).toBe('open');
    const views: { method: string }[] = await db.ds.query(
      'SELECT method FROM action_link_views WHERE link_id = $1',
      [id],
    );
    expect(views.map((v) => v.method)).toContain('POST refused: CASE_PAUSED');
  });

  it('records exactly one answer when the same link is POSTed twice at once', async () => {
    const { world, caseId } = await caseAwaitingAgreement();
    const { token } = await linkFor(caseId, world.ids.people.ceo);
    const csrf = await csrfOf(token);
    const before = await caseState(caseId);
    const post = () =>
      request(app.getHttpServer())
        .post(`/act/${token}`)
        .type('form')
        .send({ csrf, response: 'approve' });
    const [a, b] = await Promise.all([post(), post()]);
    const texts = [a.text, b.text];
    expect(texts.filter((t) => t.includes('Your answer is recorded'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('Your answer was already recorded'))).toHaveLength(1);
    expect(texts.join('')).not.toContain('UTC');
    expect((await caseState(caseId)).version).toBe(before.version + 1);
  });

  it('refuses a POST without the form’s CSRF token, changes nothing and keeps the attempt', async () => {
    const { world, caseId } = await caseAwaitingAgreement();
    const { id, token } = await linkFor(caseId, world.ids.people.ceo);
    const before = await caseState(caseId);
    const res = await answer(token, { response: 'approve' }).expect(422);
    expect(res.text).toContain('The form has expired or did not come from this page');
    expect(await caseState(caseId)).toEqual(before);
    const refused: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM action_link_views WHERE link_id = $1 AND method LIKE 'POST refused%'`,
      [id],
    );
    expect(refused[0].n).toBe(1);
  });

  it('refuses an answer not offered, a rejection without reasons and oversized comments, each error at its own field', async () => {
    const { world, caseId } = await caseAwaitingAgreement();
    const { token } = await linkFor(caseId, world.ids.people.ceo);
    const csrf = await csrfOf(token);
    const before = await caseState(caseId);
    const long = `Diolch – ${'x'.repeat(4001)}`;
    for (const [form, field] of [
      [{ csrf, response: 'abstain' }, 'response'],
      [{ csrf, response: 'reject', reasons: '  ' }, 'reasons'],
      [{ csrf, response: 'approveWithComments', comments: long }, 'comments'],
    ] as const) {
      const page = await answer(token, form).expect(422);
      expect(page.text).toContain(`<a href="#${field}">`);
      expect(page.text.match(/id="[\w-]+" class="govuk-error-message/g)).toEqual([
        `id="${field}-error" class="govuk-error-message`,
      ]);
      if (field !== 'response') expect(page.text).toMatch(/value="\w+" checked/);
    }
    expect(await caseState(caseId)).toEqual(before);
  });

  it('withdraws the person who declares an interest from the link and tells the officer', async () => {
    const { world, caseId } = await caseAwaitingAgreement();
    const { token } = await linkFor(caseId, world.ids.people.ao);
    const csrf = await csrfOf(token);
    await request(app.getHttpServer())
      .post(`/act/${token}`)
      .type('form')
      .send({
        csrf,
        response: 'declareInterest',
        interest: 'I sit on the board of a provider in the plan.',
      })
      .expect(200);
    const view = await request(app.getHttpServer())
      .get(`/api/cases/${caseId}`)
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .expect(200);
    expect(view.body.context.withdrawn).toEqual(['accountableOfficer']);
    expect(view.body.state.summary).toContain(
      'the Accountable Officer declared an interest and withdrew',
    );
    const told: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM effects WHERE case_id = $1 AND payload->>'message' = 'interest-declared' AND payload->'to'->>'id' = $2`,
      [caseId, world.ids.people.officer],
    );
    expect(told[0].n).toBe(1);
  });

  it('gives tampered, truncated, unknown and used tokens the same page', async () => {
    const { world, caseId } = await caseAwaitingAgreement();
    const { token } = await linkFor(caseId, world.ids.people.ceo);
    const csrf = await csrfOf(token);
    await answer(token, { csrf, response: 'approve' }).expect(200);
    const tampered = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    const pages = await Promise.all(
      [tampered, token.slice(0, 20), 'x'.repeat(43)].map((t) =>
        request(app.getHttpServer()).get(`/act/${t}`),
      ),
    );
    for (const p of pages) {
      expect(p.status).toBe(404);
      expect(p.text).toContain('This link cannot be used');
      expect(p.text).not.toContain('stopped working on');
    }
    // Its holder, opening it again, is told what they answered and when.
    const again = await request(app.getHttpServer()).get(`/act/${token}`).expect(200);
    expect(again.text).toContain('Your answer was already recorded');
    expect(again.text).toMatch(/you approve, on \w+day \d{1,2} \w+ \d{4} at \d{1,2}:\d{2}[ap]m/);
  });

  it('closes the other partner’s link when the plan is rejected, and a foreign tenant’s token is just unknown', async () => {
    const { world, caseId } = await caseAwaitingAgreement();
    const ao = await linkFor(caseId, world.ids.people.ao);
    const ceo = await linkFor(caseId, world.ids.people.ceo);
    const csrf = await csrfOf(ceo.token);
    await request(app.getHttpServer())
      .post(`/act/${ceo.token}`)
      .type('form')
      .send({ csrf, response: 'reject', reasons: 'The discharge metrics are missing.' })
      .expect(200);
    const closed = await request(app.getHttpServer()).get(`/act/${ao.token}`).expect(410);
    expect(closed.text).toMatch(
      /This link stopped working on \w+day \d{1,2} \w+ \d{4} at \d{1,2}:\d{2}[ap]m, because the step it asked you about has been completed or has closed\./,
    );
    const [row]: { status: string }[] = await db.ds.query(
      'SELECT status FROM action_links WHERE id = $1',
      [ao.id],
    );
    expect(row.status).toBe('voided');
    expect((await caseState(caseId)).state_key).toBe('preSubmission.drafting');
  });

  it('answers a link and a rejection sent at the same moment one after the other, never as a server error', async () => {
    // The link answer locks its link and then the case; a rejection sent through the API
    // advances the case and then voids the other links: taken in opposite orders, they deadlocked.
    for (let round = 0; round < 12; round++) {
      const { world, caseId } = await caseAwaitingAgreement();
      const ao = await linkFor(caseId, world.ids.people.ao);
      const csrf = await csrfOf(ao.token);
      const [answer, rejection] = await Promise.all([
        request(app.getHttpServer())
          .post(`/act/${ao.token}`)
          .type('form')
          .send({ csrf, response: 'approve' }),
        request(app.getHttpServer())
          .post(`/api/cases/${caseId}/events`)
          .set('Authorization', `Bearer ${world.keys.ceo}`)
          .send({ type: 'REJECT', expectedVersion: 2, payload: { reasons: 'Metrics missing.' } }),
      ]);
      expect([answer.status, rejection.status].filter((s) => s >= 500)).toEqual([]);
      // The rejection is either taken (and the link closed) or refused as stale: never lost.
      expect([200, 409]).toContain(rejection.status);
    }
  });

  it('voids outstanding links when a document is replaced and sends new ones naming the new hash', async () => {
    const { world, caseId } = await caseAwaitingAgreement();
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const first = await request(app.getHttpServer())
      .post(`/api/cases/${caseId}/documents`)
      .set(auth)
      .send({
        expectedVersion: 2,
        name: 'Plan v1.pdf',
        mediaType: 'application/pdf',
        contentBase64: Buffer.from('plan one').toString('base64'),
      })
      .expect(201);
    const old = await linkFor(caseId, world.ids.people.ao);
    const second = await request(app.getHttpServer())
      .post(`/api/cases/${caseId}/documents`)
      .set(auth)
      .send({
        expectedVersion: 3,
        name: 'Plan v2.pdf',
        mediaType: 'application/pdf',
        contentBase64: Buffer.from('plan two').toString('base64'),
        replaces: first.body.id,
      })
      .expect(201);
    const replaced = await request(app.getHttpServer()).get(`/act/${old.token}`).expect(410);
    expect(replaced.text).toContain(
      'because a new version of a document it asked you to read replaced the one it named',
    );
    const fresh = await linkFor(caseId, world.ids.people.ao);
    expect(fresh.id).not.toBe(old.id);
    const page = await request(app.getHttpServer()).get(`/act/${fresh.token}`).expect(200);
    expect(page.text).toContain(second.body.sha256);
    const emails: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM effects WHERE case_id = $1 AND payload->>'linkId' = $2`,
      [caseId, fresh.id],
    );
    expect(emails[0].n).toBe(1);
  });
});
