import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { LinkTokens } from '../libs/links/link-token.service';
import { buildJcbWorld, JcbWorld } from '../libs/testing/jcb-world.factory';
import { SmtpCapture } from '../libs/testing/smtp-capture.service';
import { pageText } from '../libs/testing/staff-page-client.service';
import { jcbCaseAwaitingSignature } from '../libs/testing/step-up-case.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * GOV.UK "check your answers" on the email link that signs the Decision Notice (issue #12): a
 * signature cannot be taken back (libs/workflows/<t>/<t>.emails.ts `linkChecksFirst`), so the
 * signatory sees the answer in words first; "Change your answers" brings the form back as typed;
 * the answer is recorded only when confirmed, once, with the link's CSRF token.
 */
describe('checking a Decision Notice signature before it is recorded', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let smtp: SmtpCapture;
  let world: JcbWorld;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    smtp = await SmtpCapture.start();
    app = await buildTestApp(db.ds, clock, {
      SMTP_URL: smtp.url,
      LINK_RATE_LIMIT_PER_MINUTE: '1000',
    });
    world = await buildJcbWorld(db.ds);
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await db?.drop();
  });

  async function audited(caseId: string): Promise<number> {
    const [a]: { n: number }[] = await db.ds.query(
      'SELECT count(*)::int AS n FROM audit_records WHERE case_id = $1',
      [caseId],
    );
    return a.n;
  }

  /** The Proper Officer's signature link, opened in a browser of its own that confirmed who they are. */
  async function signatoryReady() {
    const { c, linkId } = await jcbCaseAwaitingSignature(app, db.ds, world, clock);
    const token = app.get(LinkTokens).tokenFor(linkId);
    const agent = request.agent(app.getHttpServer());
    const opened = await agent.get(`/act/${token}`).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(opened.text)![1];
    const before = smtp.messages.length;
    await agent.post(`/act/${token}/verify/code`).type('form').send({ csrf }).expect(200);
    const [mail] = (await smtp.waitForCount(before + 1)).slice(before);
    const code = /Your code is (\d{6})/.exec(mail.text)![1];
    await agent
      .post(`/act/${token}/verify/code/check`)
      .type('form')
      .send({ csrf, code })
      .expect(303);
    const page = await agent.get(`/act/${token}`).expect(200);
    expect(page.text).toContain('Continue');
    const post = (form: Record<string, string>) =>
      agent
        .post(`/act/${token}`)
        .type('form')
        .send({ csrf, ...form });
    return { c, token, post };
  }

  it('shows the signature in words, and records it only when confirmed, once', async () => {
    const { c, post } = await signatoryReady();
    const before = await audited(c.id);

    const check = await post({ response: 'approve' });
    expect(check.status).toBe(200);
    const text = pageText(check.text);
    expect(text).toContain('Check your answer');
    expect(text).toContain('Your answer I approve');
    expect(text).toContain('Award the integrated carers support contract to Carers Together CIC');
    expect(text).toContain('Nothing has been recorded yet');
    expect(check.text).toContain('name="checked" value="yes"');
    expect(await audited(c.id)).toBe(before);

    const change = await post({ response: 'approve', change: 'yes' });
    expect(change.status).toBe(200);
    expect(change.text).toMatch(/value="approve" checked/);
    expect(change.text).not.toContain('govuk-error-summary');
    expect(await audited(c.id)).toBe(before);

    const signed = await post({ response: 'approve', checked: 'yes' });
    expect(signed.status).toBe(200);
    expect(pageText(signed.text)).toContain('Your answer is recorded');
    expect(await audited(c.id)).toBe(before + 1);
    const [audit]: { event: { type: string } }[] = await db.ds.query(
      'SELECT event FROM audit_records WHERE case_id = $1 ORDER BY seq DESC LIMIT 1',
      [c.id],
    );
    expect(audit.event).toMatchObject({ type: 'APPROVE', evidence: { channel: 'email-link' } });

    // The link is used: the confirmation posted again, and the check, record nothing more.
    for (const again of [{ checked: 'yes' }, {}] as Record<string, string>[]) {
      const res = await post({ response: 'approve', ...again });
      expect(pageText(res.text)).toContain('already');
    }
    expect(await audited(c.id)).toBe(before + 1);
  });

  it('brings a declined signature’s reasons back as typed, and refuses a check without them', async () => {
    const { c, post } = await signatoryReady();
    const before = await audited(c.id);
    const reasons = 'The notice names the wrong provider\r\nIt should be Carers Together CIC';

    const missing = await post({ response: 'reject' });
    expect(missing.status).toBe(422);
    expect(pageText(missing.text)).toContain('Give your reasons for rejecting');

    const check = await post({ response: 'reject', reasons });
    expect(pageText(check.text)).toContain('Your reasons The notice names the wrong provider');
    const change = await post({ response: 'reject', reasons, change: 'yes' });
    expect(change.text).toMatch(/value="reject" checked/);
    expect(/<textarea[^>]*name="reasons"[^>]*>([^<]*)</.exec(change.text)?.[1]).toBe(reasons);
    expect(await audited(c.id)).toBe(before);
  });

  it('refuses a confirmation without the link’s CSRF token, recording nothing', async () => {
    const { c, token } = await signatoryReady();
    const before = await audited(c.id);
    const forged = await request(app.getHttpServer())
      .post(`/act/${token}`)
      .type('form')
      .send({ csrf: 'not-the-token', response: 'approve', checked: 'yes' });
    expect(forged.status).toBe(422);
    expect(pageText(forged.text)).toContain('The form has expired or did not come from this page');
    const unchecked = await request(app.getHttpServer())
      .post(`/act/${token}`)
      .type('form')
      .send({ csrf: 'not-the-token', response: 'approve' });
    expect(pageText(unchecked.text)).not.toContain('Check your answer');
    expect(await audited(c.id)).toBe(before);
  });
});
