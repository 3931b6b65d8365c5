import { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { LinkTokens } from '../libs/links/link-token.service';
import { ManualClock } from '../libs/core/clock.service';
import { buildJcbWorld, JcbWorld } from '../libs/testing/jcb-world.factory';
import { SmtpCapture } from '../libs/testing/smtp-capture.service';
import { jcbCaseAwaitingDecision } from '../libs/testing/step-up-case.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * Step-up before an answer by email link, by a code emailed separately (issue #16 item 4, ADR 0016):
 * the JCB decision maker's request to take the drafted decision needs it; their organisation has
 * no sign-in set up here (test/link-step-up-sso.e2e-spec.ts has the other way).
 */
describe('step-up by an emailed code before an answer by link is recorded', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let smtp: SmtpCapture;
  let tokens: LinkTokens;
  let world: JcbWorld;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    smtp = await SmtpCapture.start();
    app = await buildTestApp(db.ds, clock, {
      SMTP_URL: smtp.url,
      LINK_RATE_LIMIT_PER_MINUTE: '1000',
    });
    tokens = app.get(LinkTokens);
    world = await buildJcbWorld(db.ds);
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await db?.drop();
  });

  /** The link's page, as a browser of its own (its cookies kept), and its form's CSRF token. */
  async function openAs(token: string) {
    const agent = request.agent(app.getHttpServer());
    const page = await agent.get(`/act/${token}`).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1];
    return { agent, page, csrf };
  }

  async function recorded(caseId: string) {
    const [c]: { version: number; state_key: string }[] = await db.ds.query(
      'SELECT version, state_key FROM cases WHERE id = $1',
      [caseId],
    );
    const [a]: { n: number }[] = await db.ds.query(
      'SELECT count(*)::int AS n FROM audit_records WHERE case_id = $1',
      [caseId],
    );
    const [l]: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM action_links WHERE case_id = $1 AND status = 'open'`,
      [caseId],
    );
    return { ...c, audit: a.n, openLinks: l.n };
  }

  /** Asks for a code and reads it from the email that arrived. */
  async function codeFor(agent: ReturnType<typeof request.agent>, token: string, csrf: string) {
    const before = smtp.messages.length;
    const res = await agent.post(`/act/${token}/verify/code`).type('form').send({ csrf });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Enter the code we emailed you');
    const [mail] = (await smtp.waitForCount(before + 1)).slice(before);
    expect(mail.to).toContain(world.emailOf('cab1'));
    expect(mail.text).not.toContain('/act/');
    return /Your code is (\d{6})/.exec(mail.text)![1];
  }

  /** The code typed on the code's page by the browser `agent`, and the page's answer. */
  const typeCode = (
    agent: ReturnType<typeof request.agent>,
    token: string,
    csrf: string,
    code: string,
  ) => agent.post(`/act/${token}/verify/code/check`).type('form').send({ csrf, code });

  /** The code was taken: the browser is sent back to the link's page. */
  function expectTaken(res: request.Response, token: string) {
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/act/${token}`);
  }

  it('asks the decision maker to confirm who they are; an answer without it records nothing', async () => {
    const { c, linkId } = await jcbCaseAwaitingDecision(app, db.ds, world, clock);
    const token = tokens.tokenFor(linkId);
    const { agent, page, csrf } = await openAs(token);
    expect(page.text).toContain('Taking the decision needs you to confirm who you are');
    expect(page.text).toContain('Email me a code');
    expect(page.text).not.toContain('Confirm my answer');
    const before = await recorded(c.id);
    const res = await agent.post(`/act/${token}`).type('form').send({ csrf, response: 'approve' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Confirm who you are before you answer');
    expect(res.text).toContain('govuk-error-summary');
    expect(await recorded(c.id)).toEqual(before);
  });

  it('records the answer after the emailed code, with the method and time in the audit record and the certificate', async () => {
    const { c, linkId } = await jcbCaseAwaitingDecision(app, db.ds, world, clock);
    const token = tokens.tokenFor(linkId);
    const { agent, csrf } = await openAs(token);
    const code = await codeFor(agent, token, csrf);
    // Kept only as an HMAC under the link secret: neither the code nor its plain hash is stored.
    const rows: { code_hash: string }[] = await db.ds.query(
      'SELECT code_hash FROM link_step_ups WHERE link_id = $1',
      [linkId],
    );
    expect(rows.map((r) => r.code_hash)).not.toContain(code);
    expect(rows.map((r) => r.code_hash)).not.toContain(
      createHash('sha256').update(code).digest('hex'),
    );
    expectTaken(await typeCode(agent, token, csrf, code), token);
    const page = await agent.get(`/act/${token}`).expect(200);
    expect(page.text).toContain('You confirmed who you are with a code emailed to');
    expect(page.text).toContain('Confirm my answer');

    // The same code in another browser: used already; and that browser cannot answer.
    const other = await openAs(token);
    const reused = await other.agent
      .post(`/act/${token}/verify/code/check`)
      .type('form')
      .send({ csrf, code });
    expect(reused.status).toBe(422);
    expect(reused.text).toContain('That code has already been used');
    const before = await recorded(c.id);
    await other.agent
      .post(`/act/${token}`)
      .type('form')
      .send({ csrf, response: 'approve' })
      .expect(403);
    expect(await recorded(c.id)).toEqual(before);

    const answered = await agent
      .post(`/act/${token}`)
      .type('form')
      .send({ csrf, response: 'approve' });
    expect(answered.status).toBe(200);
    const [audit]: { event: { type: string; evidence: { stepUp: Record<string, string> } } }[] =
      await db.ds.query(
        `SELECT event FROM audit_records WHERE case_id = $1 ORDER BY seq DESC LIMIT 1`,
        [c.id],
      );
    expect(audit.event.type).toBe('APPROVE');
    // The chain says how and when; the email proved is kept beside it (docs/adr/0020).
    expect(audit.event.evidence.stepUp).toEqual({
      method: 'emailed-code',
      verifiedAt: '2025-09-05T10:00:00.000Z',
    });
    const [kept]: { content: Record<string, string> }[] = await db.ds.query(
      'SELECT content FROM response_evidence WHERE case_id = $1 ORDER BY seq DESC LIMIT 1',
      [c.id],
    );
    expect(kept.content.stepUpEmail).toBe(world.emailOf('cab1'));
    const cert = await request(app.getHttpServer())
      .get(`/api/cases/${c.id}/certificate`)
      .set('Authorization', `Bearer ${world.keys.officer}`);
    expect(cert.text).toContain(
      `identity confirmed by a code emailed separately to ${world.emailOf('cab1')} on 5 September 2025 at 11:00am`,
    );
  });

  it('refuses a wrong code, voids a code after five wrong ones, and sends three codes an hour at most', async () => {
    const { c, linkId } = await jcbCaseAwaitingDecision(app, db.ds, world, clock);
    const token = tokens.tokenFor(linkId);
    const { agent, csrf } = await openAs(token);
    const code = await codeFor(agent, token, csrf);
    const wrong = code === '000000' ? '111111' : '000000';
    const check = (typed: string) => typeCode(agent, token, csrf, typed);
    const first = await check(wrong);
    expect(first.status).toBe(422);
    expect(first.text).toContain('The code is not right');
    expect(first.text).toContain('4 more tries with this code');
    const malformed = await check('12ab');
    expect(malformed.status).toBe(422);
    expect(malformed.text).toContain('Enter the 6-digit code from the email');
    expect(malformed.text).toContain('value="12ab"');
    for (let i = 0; i < 3; i++) expect((await check(wrong)).status).toBe(422);
    const fifth = await check(wrong);
    expect(fifth.status).toBe(429);
    expect(fifth.text).toContain('5 wrong codes were typed, so that code no longer works');
    const late = await check(code);
    expect(late.status).toBe(429);
    expect(late.text).toContain('that code no longer works');

    await codeFor(agent, token, csrf);
    await codeFor(agent, token, csrf);
    const fourth = await agent.post(`/act/${token}/verify/code`).type('form').send({ csrf });
    expect(fourth.status).toBe(429);
    expect(fourth.text).toContain('We have sent 3 codes for this request in the last hour');
    const before = await recorded(c.id);
    await agent.post(`/act/${token}`).type('form').send({ csrf, response: 'approve' }).expect(403);
    expect(await recorded(c.id)).toEqual(before);
  });

  it('sends a new code that replaces the one before: the old one is refused in words, the new one works', async () => {
    const { linkId } = await jcbCaseAwaitingDecision(app, db.ds, world, clock);
    const token = tokens.tokenFor(linkId);
    const { agent, csrf } = await openAs(token);
    const first = await codeFor(agent, token, csrf);
    const before = smtp.messages.length;
    const again = await agent.post(`/act/${token}/verify/code`).type('form').send({ csrf });
    expect(again.status).toBe(200);
    expect(again.text).toContain('We have sent a new 6-digit code to');
    expect(again.text).toContain('The code we sent you before no longer works');
    const [mail] = (await smtp.waitForCount(before + 1)).slice(before);
    const second = /Your code is (\d{6})/.exec(mail.text)![1];
    const check = (typed: string) => typeCode(agent, token, csrf, typed);
    expect(second).not.toBe(first);
    const old = await check(first);
    expect(old.status).toBe(422);
    expect(old.text).toContain(
      'That code no longer works because we sent you a new one. Enter the code from the newest email.',
    );
    expect(old.text).toContain('href="#code"');
    expectTaken(await check(second), token);
    const page = await agent.get(`/act/${token}`).expect(200);
    expect(page.text).toContain('You confirmed who you are with a code emailed to');
  });

  it('keeps the code before when the mail server does not take a new one', async () => {
    const { linkId } = await jcbCaseAwaitingDecision(app, db.ds, world, clock);
    const token = tokens.tokenFor(linkId);
    const { agent, csrf } = await openAs(token);
    const code = await codeFor(agent, token, csrf);
    const { port } = new URL(smtp.url);
    await smtp.close();
    try {
      const unsent = await agent.post(`/act/${token}/verify/code`).type('form').send({ csrf });
      expect(unsent.status).toBe(422);
      expect(unsent.text).toContain('We could not send the email');
    } finally {
      smtp = await SmtpCapture.start(Number(port));
    }
    expectTaken(await typeCode(agent, token, csrf, code), token);
  });

  it('refuses a code after ten minutes and a form from elsewhere', async () => {
    const { linkId } = await jcbCaseAwaitingDecision(app, db.ds, world, clock);
    const token = tokens.tokenFor(linkId);
    const { agent, csrf } = await openAs(token);
    const code = await codeFor(agent, token, csrf);
    const forged = await agent
      .post(`/act/${token}/verify/code/check`)
      .type('form')
      .send({ csrf: 'x'.repeat(43), code });
    expect(forged.status).toBe(422);
    expect(forged.text).toContain('The form has expired or did not come from this page');
    clock.set('2025-09-05T10:11:00Z');
    const expired = await agent
      .post(`/act/${token}/verify/code/check`)
      .type('form')
      .send({ csrf, code });
    expect(expired.status).toBe(422);
    expect(expired.text).toContain('That code has expired');
  });
});
