import { Logger } from '@nestjs/common';
import { LinkTokens } from '../links/link-token.service';
import { engineHarness } from '../testing/engine-harness.service';
import { SmtpCapture } from '../testing/smtp-capture.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../testing/world.factory';
import { OutboxDeliveryService } from './outbox-delivery.service';
import { OutboxRepository } from './outbox.repository';

/**
 * A rolling upgrade: a newer build released a template version and opened cases on it while a
 * worker of the older build still runs. That worker has none of the version's wording: it must
 * leave those cases' emails to the newer workers rather than send them in no version's words.
 */
describe('a worker meeting emails of a template version it does not know', () => {
  let db: TestDatabase;
  let smtp: SmtpCapture;
  let outbox: OutboxDeliveryService | undefined;
  beforeAll(async () => {
    db = await openTestDatabase();
    smtp = await SmtpCapture.start();
  });
  afterAll(async () => {
    outbox?.onApplicationShutdown();
    await smtp.close();
    await db.drop();
  });

  const emailsOf = async (caseId: string) =>
    (await db.ds.query(
      `SELECT status, attempts FROM effects WHERE case_id = $1 AND kind = 'email' ORDER BY id`,
      [caseId],
    )) as { status: string; attempts: number }[];

  it('leaves them pending for newer workers, sends the council’s others and says so once', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const newer = (await h.open.open(openBcfCaseBody(world), world.actors.officer)).caseId;
    const known = (await h.open.open(openBcfCaseBody(world), world.actors.officer)).caseId;
    for (const caseId of [newer, known])
      await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer);
    await db.ds.query(`UPDATE cases SET template_version = 99 WHERE id = $1`, [newer]);
    // The newer case's emails due first, so that a claim taking them in order meets them first.
    await db.ds.query(
      `UPDATE effects SET available_at = available_at - interval '1 day' WHERE case_id = $1`,
      [newer],
    );
    const left = (await emailsOf(newer)).length;
    const due = (await emailsOf(known)).length;
    expect(left).toBeGreaterThan(1);
    expect(due).toBeGreaterThan(1);

    outbox = new OutboxDeliveryService(
      db.ds,
      h.clock,
      LinkTokens.ephemeral(),
      new OutboxRepository(),
      {
        smtpUrl: smtp.url,
        from: 'Ratify <no-reply@ratify.invalid>',
        publicOrigin: 'https://ratify.example.org',
        batchSize: 1,
      },
    );
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      await expect(outbox.deliverDue()).resolves.toBe(due);
      await expect(outbox.deliverDue()).resolves.toBe(0);
      await smtp.waitForCount(due);
      expect(await emailsOf(known)).toEqual(
        Array.from({ length: due }, () => ({ status: 'done', attempts: 1 })),
      );
      // Not claimed at all: pending, with no attempt counted against them.
      expect(await emailsOf(newer)).toEqual(
        Array.from({ length: left }, () => ({ status: 'pending', attempts: 0 })),
      );
      const said = warn.mock.calls.map((c) => String(c[0]));
      expect(said).toEqual([
        expect.stringContaining(`${left} emails due on cases of bcf-delegated-sign-off version 99`),
      ]);
      expect(said[0]).toContain('left to workers of a newer build');
    } finally {
      warn.mockRestore();
    }

    // A worker of the newer build (one that knows the version) sends them.
    await db.ds.query(`UPDATE cases SET template_version = 2 WHERE id = $1`, [newer]);
    await expect(outbox.deliverDue()).resolves.toBe(left);
    await smtp.waitForCount(due + left);
    expect((await emailsOf(newer)).map((e) => e.status)).toEqual(
      Array.from({ length: left }, () => 'done'),
    );
  });
});
