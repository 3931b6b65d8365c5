import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { LinkTokens } from '../libs/links/link-token.service';
import { OutboxDeliveryService } from '../libs/notifications/outbox-delivery.service';
import { OutboxRepository } from '../libs/notifications/outbox.repository';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { SmtpCapture } from '../libs/testing/smtp-capture.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../libs/testing/world.factory';

/**
 * /health/ready and the mail, with SMTP_URL set to a real SMTP server (issue #21 item 2): emails
 * that wait past the allowed age make the process unready; a server that greets us and refuses
 * every email leaves it ready (the API still serves) but says it is degraded.
 */
describe('readiness and the mail', () => {
  let db: TestDatabase;
  let smtp: SmtpCapture;
  let harness: ReturnType<typeof engineHarness>;
  let app: INestApplication;
  let worker: OutboxDeliveryService;
  let world: BcfWorld;

  beforeAll(async () => {
    db = await openTestDatabase();
    smtp = await SmtpCapture.start();
    harness = engineHarness(db.ds, '2021-11-01T09:00:00Z');
    app = await buildTestApp(db.ds, harness.clock, { SMTP_URL: smtp.url });
    // As the worker process sends them (apps/worker), on the same clock.
    worker = new OutboxDeliveryService(
      db.ds,
      harness.clock,
      LinkTokens.ephemeral(),
      new OutboxRepository(),
      {
        smtpUrl: smtp.url,
        from: 'Ratify <no-reply@ratify.invalid>',
        publicOrigin: 'https://r.test',
      },
    );
    world = await buildBcfWorld(db.ds);
  });
  afterAll(async () => {
    worker?.onApplicationShutdown();
    await app?.close();
    await smtp?.close();
    await db?.drop();
  });

  /** A case sent for agreement: two emails queued, due at once. */
  async function twoEmailsQueued(): Promise<void> {
    const { caseId } = await harness.open.open(openBcfCaseBody(world), world.actors.officer);
    await harness.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
  }

  const ready = () => request(app.getHttpServer()).get('/health/ready');
  const HOUR = 3_600_000;

  // Whatever a test left in the outbox is sent, an hour later: each test starts with none, and
  // (an hour on again) with no email sent or refused within the allowed age.
  afterEach(async () => {
    smtp.accept();
    harness.clock.advance(HOUR);
    while ((await worker.deliverDue()) > 0);
  });

  it('is not ready while an email due waits past the allowed age, naming the outbox and its age, and ready again once it is sent', async () => {
    await twoEmailsQueued();
    await ready().expect(200);
    harness.clock.advance(20 * 60_000);
    const stuck = await ready().expect(503);
    expect(stuck.body).toEqual({
      status: 'unavailable',
      checks: {
        database: { status: 'up' },
        migrations: { status: 'up' },
        outbox: {
          status: 'down',
          pending: 2,
          oldestDueSeconds: 1200,
          detail: 'the oldest email due has waited 1200 s to be sent, more than 900 s',
        },
        deadlines: { status: 'up', due: 0, lagSeconds: 0 },
        smtp: { status: 'up' },
      },
    });

    const before = smtp.messages.length;
    await expect(worker.deliverDue()).resolves.toBe(2);
    await smtp.waitForCount(before + 2);
    const sent = await ready().expect(200);
    expect(sent.body.status).toBe('ok');
    expect(sent.body.checks.outbox).toEqual({ status: 'up', pending: 0, oldestDueSeconds: 0 });
  });

  it('stays ready but says it is degraded while the SMTP server greets us and refuses every email for now (421), and is ok once it takes them', async () => {
    harness.clock.advance(HOUR);
    smtp.refuse(421, 'Service not available, closing transmission channel');
    await twoEmailsQueued();
    const outcomes = { sent: 0, failed: 0 };
    await worker.deliverDue(500, () => true, outcomes);
    expect(outcomes).toEqual({ sent: 0, failed: 2 });

    const res = await ready().expect(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.checks.smtp).toEqual({
      status: 'degraded',
      refused: 2,
      detail:
        'the SMTP server greets us but took none of the emails tried in the last 900 s: 2 refused',
    });
    // Each waits for its retry: the outbox's age alone would not have told.
    expect(res.body.checks.outbox).toMatchObject({ status: 'up', pending: 2, oldestDueSeconds: 0 });

    smtp.accept();
    harness.clock.advance(60_000);
    const before = smtp.messages.length;
    await expect(worker.deliverDue()).resolves.toBe(2);
    await smtp.waitForCount(before + 2);
    const ok = await ready().expect(200);
    expect(ok.body.status).toBe('ok');
    expect(ok.body.checks.smtp).toEqual({ status: 'up' });
  });

  it('stays ready but says it is degraded while the SMTP server refuses every email for good (554)', async () => {
    harness.clock.advance(HOUR);
    smtp.refuse(554, 'Sender address rejected: not permitted to relay');
    await twoEmailsQueued();
    const outcomes = { sent: 0, failed: 0 };
    await worker.deliverDue(500, () => true, outcomes);
    expect(outcomes).toEqual({ sent: 0, failed: 2 });
    const failed: { status: string }[] = await db.ds.query(
      `SELECT status FROM effects WHERE kind = 'email' AND last_error IS NOT NULL`,
    );
    expect(failed).toEqual([{ status: 'failed' }, { status: 'failed' }]);

    const res = await ready().expect(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.checks.smtp).toMatchObject({ status: 'degraded', refused: 2 });
    // Failed for good, so no longer in the outbox.
    expect(res.body.checks.outbox).toEqual({ status: 'up', pending: 0, oldestDueSeconds: 0 });
  });
});
