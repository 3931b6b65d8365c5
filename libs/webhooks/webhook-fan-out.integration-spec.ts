import { tenantScope } from '../core/tenant-scope';
import { waitUntil } from '../testing/worker-process.service';
import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../testing/world.factory';
import { webhookEnvelopeSchema, type WebhookEventType } from './webhook-catalogue';
import { WebhookFactsRepository } from './webhook-facts.repository';
import { webhookFanOutService } from '../testing/webhooks-harness.service';
import { WebhookRepository } from './webhook.repository';

/** The fan-out on a real PostgreSQL: the high-water mark, and each fact once per subscription. */
describe('webhook fan-out', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  async function council(events: string[]) {
    const h = engineHarness(db.ds);
    const world = await buildBcfWorld(db.ds);
    const scope = tenantScope(world.tenantId);
    await new WebhookFactsRepository().startCursor(scope, db.ds.manager, h.clock.now());
    const sub = await new WebhookRepository().create(scope, db.ds.manager, {
      url: 'https://receiver.example.org/ratify',
      events,
      secret: 'whsec_dGVzdA==',
      at: h.clock.now(),
    });
    return { h, world, sub, fanOut: webhookFanOutService(db.ds, h.clock) };
  }

  /** The deliveries queued, each body checked against the schema the OpenAPI document gives it. */
  async function queued(subscriptionId: string) {
    const rows: { event_type: string; source_key: string; payload: { data: never } }[] =
      await db.ds.query(
        `SELECT event_type, source_key, payload FROM webhook_deliveries
          WHERE subscription_id = $1 ORDER BY source_key`,
        [subscriptionId],
      );
    for (const r of rows)
      expect(() =>
        webhookEnvelopeSchema(r.event_type as WebhookEventType)
          .strict()
          .parse(r.payload),
      ).not.toThrow();
    return rows;
  }

  async function referenceOf(caseId: string) {
    const [row]: { reference: string }[] = await db.ds.query(
      'SELECT reference FROM cases WHERE id = $1',
      [caseId],
    );
    return row.reference;
  }

  async function cursor(tenantId: string) {
    const [row] = (await db.ds.query(
      'SELECT txid, audit_id AS "auditId" FROM webhook_cursors WHERE tenant_id = $1',
      [tenantId],
    )) as { txid: string; auditId: string }[];
    return row;
  }

  /**
   * Waits until every audit record is behind the fan-out's horizon. The horizon is the cluster's
   * (pg_snapshot_xmin): another test file's open transaction in the same PostgreSQL holds it back
   * for a while, and a sweep then rightly reads nothing yet.
   */
  async function settled() {
    await waitUntil('every audit record is behind the fan-out’s horizon', async () => {
      const [{ ok }]: { ok: boolean }[] = await db.ds.query(
        `SELECT (SELECT COALESCE(max(txid), 0) FROM audit_records)
                  < pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS ok`,
      );
      return ok;
    });
  }

  async function openAndSeek(h: ReturnType<typeof engineHarness>, world: BcfWorld) {
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    return caseId;
  }

  it('queues opened, moved and awaiting once, and a second sweep reads nothing after the mark', async () => {
    const { h, world, sub, fanOut } = await council(['case.opened', 'case.moved', 'case.awaiting']);
    const caseId = await openAndSeek(h, world);
    await settled();

    await expect(fanOut.fanOut()).resolves.toBe(3);
    const mark = await cursor(world.tenantId);
    const [last] = (await db.ds.query(
      'SELECT id, txid FROM audit_records WHERE case_id = $1 ORDER BY seq DESC LIMIT 1',
      [caseId],
    )) as { id: string; txid: string }[];
    expect(mark).toEqual({ txid: last.txid, auditId: last.id });
    await expect(fanOut.fanOut()).resolves.toBe(0);
    expect(await cursor(world.tenantId)).toEqual(mark);

    const rows = await queued(sub.id);
    expect(rows.map((r) => r.source_key)).toEqual([
      `case.awaiting:${caseId}:2`,
      `case.moved:${caseId}:2`,
      `case.opened:${caseId}:1`,
    ]);
    const awaiting = rows[0].payload.data as { awaiting: { role: string; request: string }[] };
    expect(awaiting.awaiting.map((a) => a.role).sort()).toEqual([
      'accountableOfficer',
      'chiefExecutive',
    ]);
  });

  it('never steps over a record whose transaction was still open when the mark moved', async () => {
    const { h, world, sub, fanOut } = await council(['case.opened', 'case.moved']);
    const first = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    await settled();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let written!: (caseId: string) => void;
    const writtenInside = new Promise<string>((r) => (written = r));
    // A case opened in a transaction that stays open while a later record commits and a sweep
    // runs. The later record moves the first case on: a second opening would rightly wait for the
    // slow one, whose transaction holds the council's next case reference until it ends.
    const slow = db.ds.transaction(async (m) => {
      const { caseId } = await h.open.open(
        openBcfCaseBody(world, { title: 'Slow' }),
        world.actors.officer,
        m,
      );
      written(caseId);
      await held;
    });
    const slowId = await writtenInside;
    await h.send.send(first.caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });

    try {
      // The move committed, but after a transaction still open: it waits with it.
      await fanOut.fanOut();
      expect((await queued(sub.id)).map((r) => r.source_key)).toEqual([
        `case.opened:${first.caseId}:1`,
      ]);
    } finally {
      release();
      await slow;
    }
    await settled();
    await fanOut.fanOut();
    const keys = (await queued(sub.id)).map((r) => r.source_key);
    expect(keys.sort()).toEqual(
      [
        `case.moved:${first.caseId}:2`,
        `case.opened:${first.caseId}:1`,
        `case.opened:${slowId}:1`,
      ].sort(),
    );
  });

  it('tells of a deadline at risk when its reminder falls due, and of an email given up, once', async () => {
    const { h, world, sub, fanOut } = await council(['case.deadline_at_risk', 'email.failed']);
    const caseId = await openAndSeek(h, world);
    // Five working days before the submission deadline (16 November 2021), at 9am.
    h.clock.set(new Date('2021-11-09T12:00:00Z'));
    await h.sweep.sweep();
    const [email] = (await db.ds.query(
      `SELECT id FROM effects WHERE case_id = $1 AND kind = 'email' ORDER BY created_at, id LIMIT 1`,
      [caseId],
    )) as { id: string }[];
    // What the outbox does when it gives an email up.
    await db.ds.query(
      `UPDATE effects SET status = 'failed', last_error = '550 mailbox unavailable' WHERE id = $1`,
      [email.id],
    );
    await settled();

    await fanOut.fanOut();
    await fanOut.fanOut();
    const rows = await queued(sub.id);
    expect(rows.map((r) => r.event_type)).toEqual(['case.deadline_at_risk', 'email.failed']);
    const reference = await referenceOf(caseId);
    expect(rows[0].payload.data).toMatchObject({
      caseId,
      reference,
      deadline: 'submission',
      workingDaysLeft: 5,
      dueAt: '2021-11-17T00:00:00.000Z', // the end of 16 November in London
    });
    expect(rows[1].payload.data).toMatchObject({
      caseId,
      reference,
      emailId: email.id,
      problem: '550 mailbox unavailable',
    });
  });

  it('tells of a broken audit chain once per break, naming the case by its id and reference', async () => {
    const { h, world, sub, fanOut } = await council(['audit.verify_failed']);
    const scope = tenantScope(world.tenantId);
    const finding = { problem: 'edited', atSeq: 2, detail: 'record 2 was changed' };
    const caseId = await openAndSeek(h, world);
    const reference = await referenceOf(caseId);
    expect(reference).toMatch(/^[A-Z][A-Z0-9]+-2021-\d{4}$/);
    await expect(fanOut.auditBroken(scope, caseId, finding)).resolves.toBe(1);
    await expect(fanOut.auditBroken(scope, caseId, finding)).resolves.toBe(0);
    expect((await queued(sub.id)).map((r) => r.payload.data)).toEqual([
      { caseId, reference, ...finding },
    ]);
    // A finding about a case whose row is gone still reaches subscribers, without a reference.
    const gone = '00000000-0000-4000-8000-000000000001';
    await expect(fanOut.auditBroken(scope, gone, finding)).resolves.toBe(1);
    expect((await queued(sub.id)).map((r) => r.payload.data)).toContainEqual({
      caseId: gone,
      reference: null,
      ...finding,
    });
  });
});
