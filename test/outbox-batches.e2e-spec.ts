import { LinkTokens } from '../libs/links/link-token.service';
import { OutboxDeliveryService } from '../libs/notifications/outbox-delivery.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { SmtpCapture } from '../libs/testing/smtp-capture.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

/**
 * Emails claimed a batch at a time and sent over pooled SMTP connections (issue #21): several
 * workers side by side, each claiming small batches, deliver every email exactly once.
 */
describe('outbox delivery in batches over pooled connections', () => {
  let db: TestDatabase;
  let smtp: SmtpCapture;
  const outboxes: OutboxDeliveryService[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
    smtp = await SmtpCapture.start();
  });
  afterAll(async () => {
    for (const o of outboxes) o.onApplicationShutdown();
    await smtp.close();
    await db.drop();
  });

  function worker(clock: ReturnType<typeof engineHarness>['clock']): OutboxDeliveryService {
    const outbox = new OutboxDeliveryService(db.ds, clock, LinkTokens.ephemeral(), {
      smtpUrl: smtp.url,
      from: 'Ratify <no-reply@ratify.invalid>',
      publicOrigin: 'https://ratify.example.org',
      batchSize: 7,
      maxConnections: 3,
    });
    outboxes.push(outbox);
    return outbox;
  }

  it('three workers draining the same outbox side by side send each email once and mark it done', async () => {
    const h = engineHarness(db.ds);
    const world = await buildBcfWorld(db.ds);
    for (let i = 0; i < 20; i++) {
      const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
      await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
        expectedVersion: 1,
      });
    }
    const pending: { id: string }[] = await db.ds.query(
      `SELECT id FROM effects WHERE kind = 'email' AND status = 'pending' ORDER BY id`,
    );
    expect(pending).toHaveLength(40);

    const workers = [worker(h.clock), worker(h.clock), worker(h.clock)];
    // Each drains until nothing is left for it; together they tried every email once.
    const drain = async (w: OutboxDeliveryService) => {
      let tried = 0;
      for (let n = await w.deliverDue(10); n > 0; n = await w.deliverDue(10)) tried += n;
      return tried;
    };
    const tried = await Promise.all(workers.map(drain));
    expect(tried.reduce((a, b) => a + b, 0)).toBe(40);

    await smtp.waitForCount(40);
    expect([...smtp.countsByMessageId().entries()].sort()).toEqual(
      pending.map((e) => [`<${e.id}@ratify.invalid>`, 1]).sort(),
    );
    const after: { status: string; attempts: number }[] = await db.ds.query(
      `SELECT status, attempts FROM effects WHERE kind = 'email'`,
    );
    expect(after.every((e) => e.status === 'done' && e.attempts === 1)).toBe(true);
    await expect(workers[0].deliverDue()).resolves.toBe(0);
  });
});
