import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { LinkTokens } from '../libs/links/link-token.service';
import { OutboxDeliveryService } from '../libs/notifications/outbox-delivery.service';
import { OutboxRepository } from '../libs/notifications/outbox.repository';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { SmtpCapture } from '../libs/testing/smtp-capture.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

/**
 * An SMTP peer that holds the first delivery of one message unanswered until the test lets it go
 * (with a refusal), as a recipient's stalled server does; every other delivery it takes at once.
 */
async function stallingSmtp(stalledMessageId: () => string) {
  const arrived: string[] = [];
  let held: ((e?: Error) => void) | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    onData(stream, _session, callback) {
      let text = '';
      stream.on('data', (c: Buffer) => (text += c.toString()));
      stream.on('end', () => {
        const id = /^Message-ID: (.+)$/im.exec(text)?.[1].trim() ?? '';
        if (id === stalledMessageId() && !held && !arrived.includes(`held ${id}`)) {
          arrived.push(`held ${id}`);
          held = callback;
          return;
        }
        arrived.push(id);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    arrived,
    isHolding: () => held !== null,
    refuseHeld: () => {
      const answer = held;
      held = null;
      answer?.(Object.assign(new Error('mailbox unavailable'), { responseCode: 450 }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Resolves once `ok()` holds, polling; the test's timeout bounds the wait. */
async function until(ok: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await ok())) await new Promise((r) => setTimeout(r, 50));
}

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
    const outbox = new OutboxDeliveryService(
      db.ds,
      clock,
      LinkTokens.ephemeral(),
      new OutboxRepository(),
      {
        smtpUrl: smtp.url,
        from: 'Ratify <no-reply@ratify.invalid>',
        publicOrigin: 'https://ratify.example.org',
        batchSize: 7,
        maxConnections: 3,
      },
    );
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

  it('marks each email of a batch done as it is sent, so a stalled one leaves only itself to be claimed again, and its late failure sets nothing back', async () => {
    const h = engineHarness(db.ds);
    const world = await buildBcfWorld(db.ds);
    for (let i = 0; i < 3; i++) {
      const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
      await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
        expectedVersion: 1,
      });
    }
    const emails: { id: string }[] = await db.ds.query(
      `SELECT id FROM effects WHERE kind = 'email' AND status = 'pending' ORDER BY available_at, id`,
    );
    expect(emails).toHaveLength(6);
    const stalled = `<${emails[0].id}@ratify.invalid>`;
    const peer = await stallingSmtp(() => stalled);
    const outbox = (settings: { leaseMs: number }) => {
      const o = new OutboxDeliveryService(
        db.ds,
        h.clock,
        LinkTokens.ephemeral(),
        new OutboxRepository(),
        {
          smtpUrl: peer.url,
          from: 'Ratify <no-reply@ratify.invalid>',
          publicOrigin: 'https://ratify.example.org',
          batchSize: 6,
          maxConnections: 3,
          ...settings,
        },
      );
      outboxes.push(o);
      return o;
    };
    const statusOf = async (id: string) =>
      (
        (await db.ds.query(`SELECT status FROM effects WHERE id = $1`, [id])) as {
          status: string;
        }[]
      )[0].status;
    try {
      // Worker A claims all six; one recipient's server holds its message unanswered.
      const a = outbox({ leaseMs: 60_000 }).deliverDue();
      await until(async () => {
        const done: { n: string }[] = await db.ds.query(
          `SELECT count(*) AS n FROM effects WHERE id = ANY($1::uuid[]) AND status = 'done'`,
          [emails.map((e) => e.id)],
        );
        return peer.isHolding() && Number(done[0].n) === 5;
      });
      // A's lease runs out while the one is still held: worker B finds only that one to claim.
      h.clock.advance(61_000);
      await expect(outbox({ leaseMs: 60_000 }).deliverDue()).resolves.toBe(1);
      expect(await statusOf(emails[0].id)).toBe('done');
      // A's held send now fails late: the email B sent stays done.
      peer.refuseHeld();
      await expect(a).resolves.toBe(6);
      expect(await statusOf(emails[0].id)).toBe('done');
      const counts = new Map<string, number>();
      for (const id of peer.arrived) counts.set(id, (counts.get(id) ?? 0) + 1);
      expect(emails.map((e) => counts.get(`<${e.id}@ratify.invalid>`) ?? 0)).toEqual([
        1, 1, 1, 1, 1, 1,
      ]);
    } finally {
      peer.refuseHeld();
      for (const o of outboxes.splice(0)) o.onApplicationShutdown();
      await peer.close();
    }
  });

  it('marks one council’s sent emails done while another council’s mark is still being written', async () => {
    const h = engineHarness(db.ds);
    const [a, b] = [await buildBcfWorld(db.ds), await buildBcfWorld(db.ds)];
    const seek = async (world: typeof a) => {
      const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
      await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
        expectedVersion: 1,
      });
      return (await db.ds.query(
        `SELECT id FROM effects WHERE kind = 'email' AND case_id = $1 ORDER BY id`,
        [caseId],
      )) as { id: string }[];
    };
    const [held] = await seek(a);
    // The peer holds A's first email until the test lets it through.
    let letThrough: (() => void) | null = null;
    const peer = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 1000,
      onData(stream, _session, callback) {
        let text = '';
        stream.on('data', (c: Buffer) => (text += c.toString()));
        stream.on('end', () => {
          if (text.includes(`<${held.id}@ratify.invalid>`)) letThrough = () => callback();
          else callback();
        });
      },
    });
    await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', () => resolve()));
    const outbox = new OutboxDeliveryService(
      db.ds,
      h.clock,
      LinkTokens.ephemeral(),
      new OutboxRepository(),
      {
        smtpUrl: `smtp://127.0.0.1:${(peer.server.address() as AddressInfo).port}`,
        from: 'Ratify <no-reply@ratify.invalid>',
        publicOrigin: 'https://ratify.example.org',
      },
    );
    outboxes.push(outbox);
    const locker = new Client({ connectionString: db.ownerUrl });
    await locker.connect();
    try {
      const first = outbox.deliverDue();
      await until(() => letThrough !== null);
      // A's mark of the held email waits on the test's lock of its row, as on a busy database.
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM effects WHERE id = $1 FOR UPDATE', [held.id]);
      letThrough!();
      await until(async () => {
        const waiting: unknown[] = await db.superuser(
          `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE effects SET status = ''done''%'`,
        );
        return waiting.length > 0;
      });
      // Meanwhile B's emails fall due and are sent by the same outbox: marked done at once, not
      // held behind A's mark (nor written with it, bound to A, which would hide them).
      const bEmails = await seek(b);
      const second = outbox.deliverDue();
      const giveUpAt = Date.now() + 15_000;
      await until(async () => {
        if (Date.now() > giveUpAt) throw new Error('B’s emails were not marked while A’s waited');
        const done: { n: number }[] = await db.ds.query(
          `SELECT count(*)::int AS n FROM effects WHERE id = ANY($1::uuid[]) AND status = 'done'`,
          [bEmails.map((e) => e.id)],
        );
        return done[0].n === bEmails.length;
      });
      await locker.query('COMMIT');
      await expect(second).resolves.toBe(bEmails.length);
      await expect(first).resolves.toBe(2);
      const statuses: { status: string }[] = await db.ds.query(
        `SELECT status FROM effects WHERE id = ANY($1::uuid[])`,
        [[held.id, ...bEmails.map((e) => e.id)]],
      );
      expect(statuses.map((e) => e.status)).toEqual(statuses.map(() => 'done'));
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
      outbox.onApplicationShutdown();
      await new Promise<void>((resolve) => peer.close(() => resolve()));
    }
  });
});
