import { SchedulerRegistry } from '@nestjs/schedule';
import type { Settings } from '../../libs/config/settings.service';
import { LinkTokens } from '../../libs/links/link-token.service';
import { OutboxDeliveryService } from '../../libs/notifications/outbox-delivery.service';
import { OutboxRepository } from '../../libs/notifications/outbox.repository';
import { engineHarness } from '../../libs/testing/engine-harness.service';
import { SmtpCapture } from '../../libs/testing/smtp-capture.service';
import { openTestDatabase, TestDatabase } from '../../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../../libs/testing/world.factory';
import { DeadlineSweepJob } from './deadline-sweep.job';
import { DeadlinesFirst } from './deadlines-first.service';
import { OutboxDeliveryJob } from './outbox-delivery.job';

const BOUND_MS = 10_000;
/** The outbox's batch here: small, so that one batch is told from the rest. */
const EMAIL_BATCH = 5;

/** Resolves once `ok()` holds, polling; the test's timeout bounds the wait. */
async function until(ok: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await ok())) await new Promise((r) => setTimeout(r, 25));
}

/**
 * A worker process's deadline sweep and outbox delivery (its two interval jobs, run a tick at a
 * time here) on a real PostgreSQL: while the sweep has a backlog of due deadlines the outbox
 * sends nothing, except one batch once the bound has passed; with no backlog, emails go at once.
 * The bound's time is the test's own (DeadlinesFirst's clock), never a wait.
 */
describe('a worker fires its due deadlines before it sends emails', () => {
  let db: TestDatabase;
  let smtp: SmtpCapture;
  let h: ReturnType<typeof engineHarness>;
  let outbox: OutboxDeliveryService;
  let now = 0;
  let first: DeadlinesFirst;
  let sweepJob: DeadlineSweepJob;
  let outboxJob: OutboxDeliveryJob;

  beforeAll(async () => {
    db = await openTestDatabase();
    smtp = await SmtpCapture.start();
  });
  afterAll(async () => {
    outbox?.onApplicationShutdown();
    await smtp.close();
    await db.drop();
  });
  beforeEach(() => {
    h = engineHarness(db.ds);
    outbox = new OutboxDeliveryService(
      db.ds,
      h.clock,
      LinkTokens.ephemeral(),
      new OutboxRepository(),
      {
        smtpUrl: smtp.url,
        from: 'Ratify <no-reply@ratify.invalid>',
        publicOrigin: 'https://ratify.example.org',
        batchSize: EMAIL_BATCH,
      },
    );
    first = new DeadlinesFirst(BOUND_MS, () => now);
    const settings = { WORKER_INTERVAL_MS: 1000 } as Settings;
    sweepJob = new DeadlineSweepJob(new SchedulerRegistry(), settings, h.sweep, first);
    outboxJob = new OutboxDeliveryJob(new SchedulerRegistry(), settings, outbox, first);
  });
  afterEach(async () => {
    await sweepJob.onModuleDestroy();
    await outboxJob.onModuleDestroy();
    outbox.onApplicationShutdown();
  });

  const count = async (sql: string, params: unknown[] = []) =>
    ((await db.ds.query(sql, params)) as { n: number }[])[0].n;
  const pendingEmails = () =>
    count(`SELECT count(*)::int AS n FROM effects WHERE kind = 'email' AND status = 'pending'`);
  const pendingDeadlines = (cases: string[]) =>
    count(
      `SELECT count(*)::int AS n FROM deadlines WHERE case_id = ANY($1::uuid[]) AND status = 'pending' AND due_at <= $2`,
      [cases, h.clock.now()],
    );

  /** `n` cases waiting on agreement (two emails each queued), their deadlines all due now. */
  async function casesWithDueDeadlines(n: number, o = { due: true }): Promise<string[]> {
    const world = await buildBcfWorld(db.ds);
    const cases: string[] = [];
    for (let i = 0; i < n; i++) {
      const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
      await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
        expectedVersion: 1,
      });
      cases.push(caseId);
    }
    if (o.due) await makeDue(cases);
    return cases;
  }

  /** Every pending deadline of `cases` due an hour ago. */
  async function makeDue(cases: string[]): Promise<void> {
    await db.ds.query(
      `UPDATE deadlines SET due_at = $2::timestamptz - interval '1 hour'
        WHERE case_id = ANY($1::uuid[]) AND status = 'pending'`,
      [cases, h.clock.now()],
    );
  }

  /**
   * Holds the last of `cases` (FOR UPDATE) so that the sweep's first batch, the 50 most overdue
   * rows, none of them the held case's, settles full and its second waits on the held case.
   */
  async function holdSecondBatch(cases: string[]) {
    const held = cases[cases.length - 1];
    await db.ds.query(
      `UPDATE deadlines d SET due_at = $3::timestamptz - CASE
          WHEN d.case_id = $2 THEN interval '30 minutes' ELSE interval '1 minute' END
        WHERE d.case_id = ANY($1::uuid[]) AND d.status = 'pending' AND d.id NOT IN (
          SELECT id FROM deadlines WHERE case_id = ANY($1::uuid[]) AND case_id <> $2
             AND status = 'pending' ORDER BY due_at, id LIMIT 50)`,
      [cases, held, h.clock.now()],
    );
    expect(await pendingDeadlines(cases)).toBeGreaterThan(50);
    const holder = db.ds.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [held]);
    return {
      release: async () => {
        await holder.rollbackTransaction();
        await holder.release();
      },
    };
  }

  it('sends no email while its sweep has a backlog, one batch once the bound has passed, and the rest as soon as the backlog is gone', async () => {
    const cases = await casesWithDueDeadlines(60);
    // The sweep's second batch waits on a case the test holds.
    const holder = await holdSecondBatch(cases);

    const sweeping = sweepJob.tick();
    try {
      // Its first batch settled full; the second cannot commit while the test holds the case.
      await until(() => first.backlog);
      const waiting = await pendingEmails();
      expect(waiting).toBeGreaterThan(2 * EMAIL_BATCH);

      // Ticks of the outbox within the bound: nothing claimed, nothing sent.
      await outboxJob.tick();
      now += BOUND_MS - 1;
      await outboxJob.tick();
      expect(smtp.messages).toHaveLength(0);
      expect(await pendingEmails()).toBe(waiting);

      // The bound has passed: one batch goes, and the next waits for the bound again.
      now += 1;
      await outboxJob.tick();
      await outboxJob.tick();
      expect(smtp.messages).toHaveLength(EMAIL_BATCH);
      expect(await pendingEmails()).toBe(waiting - EMAIL_BATCH);
      now += BOUND_MS;
      await outboxJob.tick();
      expect(smtp.messages).toHaveLength(2 * EMAIL_BATCH);
      expect(first.backlog).toBe(true);
    } finally {
      await holder.release();
    }

    // The backlog is gone once the sweep's run ends: the outbox's next tick sends every email due.
    await sweeping;
    expect(first.backlog).toBe(false);
    expect(await pendingDeadlines(cases)).toBe(0);
    const left = await pendingEmails();
    expect(left).toBeLessThanOrEqual(500);
    await outboxJob.tick();
    expect(await pendingEmails()).toBe(0);
    await smtp.waitForCount(2 * EMAIL_BATCH + left);
    const ids = smtp.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sends every email due at its next tick when no deadline is due', async () => {
    const before = smtp.messages.length;
    await casesWithDueDeadlines(4, { due: false });
    const waiting = await pendingEmails();
    expect(waiting).toBeGreaterThan(EMAIL_BATCH);

    // The sweep's run finds nothing due: no backlog, so nothing holds the emails.
    await sweepJob.tick();
    expect(first.backlog).toBe(false);
    await outboxJob.tick();
    expect(await pendingEmails()).toBe(0);
    await smtp.waitForCount(before + waiting);
  });

  it('sends a batch once the emails have waited the bound, though the backlog ended and began again between its ticks', async () => {
    const before = smtp.messages.length;
    const earlier = await casesWithDueDeadlines(60);
    const later = await casesWithDueDeadlines(60, { due: false });
    const start = now;

    // A backlog: the outbox's tick is held back.
    let holder = await holdSecondBatch(earlier);
    let sweeping = sweepJob.tick();
    try {
      await until(() => first.backlog);
      await outboxJob.tick();
      expect(smtp.messages).toHaveLength(before);
    } finally {
      await holder.release();
    }
    now += 6_000;
    await sweeping;
    expect(first.backlog).toBe(false);

    // More deadlines fall due and the sweep's next run has a backlog again before the outbox's next
    // tick (two jobs on one interval: the outbox's ticks can keep falling inside the backlogs).
    await makeDue(later);
    holder = await holdSecondBatch(later);
    now += 500;
    sweeping = sweepJob.tick();
    try {
      await until(() => first.backlog);
      // The emails have waited the bound since the outbox was first held back: one batch goes.
      now = start + BOUND_MS;
      await outboxJob.tick();
      expect(smtp.messages).toHaveLength(before + EMAIL_BATCH);
      // Held back again, and nothing left claimed and unsent (attempted, pending, leased ahead).
      await outboxJob.tick();
      expect(smtp.messages).toHaveLength(before + EMAIL_BATCH);
      expect(
        await count(
          `SELECT count(*)::int AS n FROM effects WHERE kind = 'email' AND status = 'pending'
              AND attempts > 0 AND available_at > $1`,
          [h.clock.now()],
        ),
      ).toBe(0);
    } finally {
      await holder.release();
    }
    await sweeping;
    expect(first.backlog).toBe(false);
    await until(async () => {
      await outboxJob.tick();
      return (await pendingEmails()) === 0;
    });
    const ids = smtp.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
