import { engineHarness } from '../libs/testing/engine-harness.service';
import { SmtpCapture } from '../libs/testing/smtp-capture.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import {
  ClockFile,
  sleep,
  waitUntil,
  WorkerProcess,
  WORKER_TEST_TIMEOUT_MS,
} from '../libs/testing/worker-process.service';
import { BcfWorld, buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

// Worker processes start slowly on a busy machine: the waits inside are for conditions.
jest.setTimeout(WORKER_TEST_TIMEOUT_MS);

const T0 = '2021-10-01T09:00:00.000Z';
const LEASE_MS = 60_000;
/** Long enough for a worker ticking every 50 ms to have sent anything it wrongly would resend. */
const GRACE_MS = 600;

interface EffectState {
  id: string;
  message: string;
  email: string;
  status: string;
  attempts: number;
  available_at: Date;
}

describe('crash safety of the outbox', () => {
  let db: TestDatabase;
  let h: ReturnType<typeof engineHarness>;
  let world: BcfWorld;
  let clock: ClockFile;
  let smtp: SmtpCapture;
  let workers: WorkerProcess[];

  beforeEach(async () => {
    db = await openTestDatabase();
    h = engineHarness(db.ds, T0);
    clock = new ClockFile(T0);
    smtp = await SmtpCapture.start();
    world = await buildBcfWorld(db.ds);
    workers = [];
  });
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await smtp.close();
    clock.remove();
    await db.drop();
  });

  function startWorker(name: string, fault?: string): WorkerProcess {
    const w = WorkerProcess.start(name, {
      databaseUrl: db.url,
      clockFile: clock,
      smtpUrl: smtp.url,
      fault,
    });
    workers.push(w);
    return w;
  }

  async function effects(): Promise<EffectState[]> {
    return db.ds.query(
      `SELECT id, payload->>'message' AS message, payload->'to'->>'email' AS email, status, attempts, available_at
         FROM effects WHERE kind = 'email' ORDER BY created_at, id`,
    );
  }

  const messageIdOf = (effectId: string) => `<${effectId}@ratify.invalid>`;

  /** Every effect arrived exactly once, under its own Message-ID, and nothing else arrived. */
  function expectEachDeliveredOnce(rows: EffectState[]) {
    const counts = smtp.countsByMessageId();
    expect(Object.fromEntries(counts)).toEqual(
      Object.fromEntries(rows.map((r) => [messageIdOf(r.id), 1])),
    );
    expect(smtp.messages).toHaveLength(rows.length);
  }

  it('a worker process killed after claiming a batch and before carrying it out carries it out after restart, once', async () => {
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    // The transition commits two emails: agreement requested of the Chief Executive and the AO.
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    const written = await effects();
    expect(written.map((e) => [e.message, e.status, e.attempts])).toEqual([
      ['agreement-requested', 'pending', 0],
      ['agreement-requested', 'pending', 0],
    ]);

    // A worker that dies right after claiming its batch (both emails), before sending any.
    const crashing = startWorker('crashing', 'crash-before-effect');
    const exit = await crashing.waitForExit();
    expect(exit).toEqual({ code: 137, signal: null });
    expect(smtp.messages).toEqual([]);
    const claimed = await effects();
    expect(claimed.map((e) => [e.status, e.attempts, e.available_at])).toEqual([
      ['pending', 1, new Date(new Date(T0).getTime() + LEASE_MS)],
      ['pending', 1, new Date(new Date(T0).getTime() + LEASE_MS)],
    ]);

    // Meanwhile the Accountable Officer rejects the plan: three emails nobody has claimed.
    await h.send.send(
      caseId,
      { type: 'REJECT', payload: { reasons: 'Discharge metrics are missing.' } },
      world.actors.ao,
      { expectedVersion: 2 },
    );
    const unclaimed = (await effects()).filter((e) => e.attempts === 0);
    expect(unclaimed.map((e) => e.message)).toEqual(Array(3).fill('plan-rejected'));

    // Restarted while the dead worker's lease still runs: only the unclaimed emails go out.
    const restarted = startWorker('restarted');
    await smtp.waitForCount(3);
    await sleep(GRACE_MS);
    expect(smtp.messages.map((m) => m.messageId).sort()).toEqual(
      unclaimed.map((e) => messageIdOf(e.id)).sort(),
    );
    expect(restarted.running).toBe(true);

    // Once the lease has run out, the claimed emails are carried out, once each.
    clock.set(new Date(new Date(T0).getTime() + LEASE_MS + 1_000));
    await smtp.waitForCount(5);
    await waitUntil(
      'every email is done',
      async () => (await effects()).every((e) => e.status === 'done'),
      { workers },
    );
    await sleep(GRACE_MS);
    const final = await effects();
    expectEachDeliveredOnce(final);
    const attemptsOf = (message: string) =>
      final.filter((e) => e.message === message).map((e) => e.attempts);
    expect(attemptsOf('agreement-requested')).toEqual([2, 2]);
    expect(attemptsOf('plan-rejected')).toEqual([1, 1, 1]);
    const byId = new Map(smtp.messages.map((m) => [m.messageId, m]));
    for (const e of final.filter((f) => f.message === 'agreement-requested')) {
      const m = byId.get(messageIdOf(e.id))!;
      expect(m.to).toContain(e.email);
      expect(m.subject).toMatch(
        /^Your agreement is needed: Better Care Fund plan 2021\/22 \([A-Z][A-Z0-9]+-\d{4}-\d{4}\)$/,
      );
      expect(m.text).toContain('Better Care Fund plan 2021/22');
    }
  });

  it('a worker killed with SIGKILL while idle delivers, after restart, what was committed meanwhile, once', async () => {
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    const first = startWorker('first');
    await first.ready();
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    await smtp.waitForCount(2);
    await waitUntil(
      'the first emails are done',
      async () => (await effects()).every((e) => e.status === 'done'),
      { workers },
    );

    // Killed outright with nothing to do.
    expect(await first.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

    // Meanwhile the Accountable Officer rejects the plan: three emails are committed, none sent.
    await h.send.send(
      caseId,
      { type: 'REJECT', payload: { reasons: 'Discharge metrics are missing.' } },
      world.actors.ao,
      { expectedVersion: 2 },
    );
    const pending = (await effects()).filter((e) => e.status === 'pending');
    expect(pending.map((e) => e.message)).toEqual(Array(3).fill('plan-rejected'));
    await sleep(GRACE_MS);
    expect(smtp.messages).toHaveLength(2);

    startWorker('second');
    await smtp.waitForCount(5);
    await waitUntil(
      'every email is done',
      async () => (await effects()).every((e) => e.status === 'done'),
      { workers },
    );
    await sleep(GRACE_MS);
    const final = await effects();
    expectEachDeliveredOnce(final);
    expect(final.map((e) => e.attempts)).toEqual([1, 1, 1, 1, 1]);
    expect(
      smtp.messages.slice(2).every((m) => m.subject.startsWith('Plan returned to drafting')),
    ).toBe(true);
  });
});
