import { Logger } from '@nestjs/common';
import { tenantScope } from '../core/tenant-scope';
import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { webhookFanOutService } from '../testing/webhooks-harness.service';
import { waitUntil } from '../testing/worker-process.service';
import { buildBcfWorld, openBcfCaseBody } from '../testing/world.factory';
import { WebhookFactsRepository } from './webhook-facts.repository';
import { WebhookRepository } from './webhook.repository';

/**
 * A rolling upgrade: a newer build opened a case on a template version an older worker does not
 * have. What that case's facts say (whether a decision is published) is the newer build's to tell,
 * and facts go out in order, so the older worker's fan-out stops before them.
 */
describe('a worker fanning out facts of a template version it does not know', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('tells the facts before the first such case’s, leaves the rest to newer workers and says so once', async () => {
    const h = engineHarness(db.ds);
    const world = await buildBcfWorld(db.ds);
    const scope = tenantScope(world.tenantId);
    await new WebhookFactsRepository().startCursor(scope, db.ds.manager, h.clock.now());
    const sub = await new WebhookRepository().create(scope, db.ds.manager, {
      url: 'https://receiver.example.org/ratify',
      events: ['case.opened'],
      secret: 'whsec_dGVzdA==',
      at: h.clock.now(),
    });
    const open = async () =>
      (await h.open.open(openBcfCaseBody(world), world.actors.officer)).caseId;
    const [before, newer, after] = [await open(), await open(), await open()];
    await db.ds.query(`UPDATE cases SET template_version = 99 WHERE id = $1`, [newer]);
    await waitUntil('every audit record is behind the fan-out’s horizon', async () => {
      const [{ ok }]: { ok: boolean }[] = await db.ds.query(
        `SELECT (SELECT COALESCE(max(txid), 0) FROM audit_records)
                  < pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS ok`,
      );
      return ok;
    });
    const told = async () =>
      (
        (await db.ds.query(
          `SELECT source_key FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY created_at, source_key`,
          [sub.id],
        )) as { source_key: string }[]
      ).map((r) => r.source_key);

    const fanOut = webhookFanOutService(db.ds, h.clock);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      await expect(fanOut.fanOut()).resolves.toBe(1);
      await expect(fanOut.fanOut()).resolves.toBe(0);
      expect(await told()).toEqual([`case.opened:${before}:1`]);
      const said = warn.mock.calls.map((c) => String(c[0]));
      expect(said).toEqual([expect.stringContaining('bcf-delegated-sign-off version 99')]);
      expect(said[0]).toContain('wait for workers of a newer build');
    } finally {
      warn.mockRestore();
    }

    // A worker of the newer build (one that knows the version) goes on from there, in order.
    await db.ds.query(`UPDATE cases SET template_version = 2 WHERE id = $1`, [newer]);
    await expect(fanOut.fanOut()).resolves.toBe(2);
    expect((await told()).sort()).toEqual(
      [before, newer, after].map((c) => `case.opened:${c}:1`).sort(),
    );
  });
});
