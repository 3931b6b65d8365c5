import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { ASSURANCE_PASSED } from '../libs/testing/bcf-deadlines-2021.fixture';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import {
  ClockFile,
  freePort,
  waitUntil,
  WorkerProcess,
  WORKER_TEST_TIMEOUT_MS,
} from '../libs/testing/worker-process.service';
import { BcfWorld, buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

jest.setTimeout(2 * WORKER_TEST_TIMEOUT_MS);

/**
 * An SMTP peer of the test's own that, while told to hold, leaves every message it receives
 * unanswered until the test lets them go (a stalled relay); otherwise it takes each at once.
 * `accepted` lists the Message-IDs it took: an email the server never answered was not taken.
 */
async function holdingSmtp() {
  const accepted: string[] = [];
  let held: (() => void)[] = [];
  let holding = false;
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
        const take = () => {
          accepted.push(id);
          callback();
        };
        if (holding) held.push(take);
        else take();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    accepted,
    held: () => held.length,
    hold: () => (holding = true),
    /** Answers every message held (taken) and takes those that come from now on at once. */
    release: () => {
      holding = false;
      const answers = held;
      held = [];
      answers.forEach((take) => take());
    },
    /** Forgets the messages held unanswered (their sender is gone) and takes new ones at once. */
    forget: () => {
      holding = false;
      held = [];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const count = (ids: string[]) => {
  const n = new Map<string, number>();
  for (const id of ids) n.set(id, (n.get(id) ?? 0) + 1);
  return n;
};
const messageId = (effectId: string) => `<${effectId}@ratify.invalid>`;

/**
 * Issue #21 item 5: a worker stopped by SIGTERM in the middle of a batch settles what it claimed
 * exactly once, or leaves it for another worker to claim; the next worker finishes everything, each
 * once. The batches are made slow by conditions the test holds and lets go (a lock on a case, an
 * SMTP server that does not answer), never by time. Each step builds on the one before, in order.
 */
describe('a worker stopped by SIGTERM in the middle of a batch', () => {
  let db: TestDatabase;
  let h: ReturnType<typeof engineHarness>;
  let world: BcfWorld;
  let clock: ClockFile;
  let smtp: Awaited<ReturnType<typeof holdingSmtp>>;
  const workers: WorkerProcess[] = [];
  const start = async (name: string, o: { smtp?: boolean; shutdownGraceMs?: number } = {}) => {
    const w = WorkerProcess.start(name, {
      databaseUrl: db.url,
      clockFile: clock,
      metricsPort: await freePort(),
      smtpUrl: o.smtp ? smtp.url : undefined,
      shutdownGraceMs: o.shutdownGraceMs,
    });
    workers.push(w);
    await w.ready();
    return w;
  };
  const emails = async () =>
    (await db.ds.query(
      `SELECT id, status, attempts, available_at FROM effects WHERE kind = 'email' ORDER BY id`,
    )) as { id: string; status: string; attempts: number; available_at: Date }[];

  beforeAll(async () => {
    db = await openTestDatabase();
    h = engineHarness(db.ds, '2021-10-01T09:00:00Z');
    clock = new ClockFile('2021-10-01T09:00:00Z');
    world = await buildBcfWorld(db.ds);
    smtp = await holdingSmtp();
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await smtp.close();
    clock.remove();
    await db.drop();
  });

  const cases: string[] = [];
  const versionsBefore = new Map<string, number>();

  it('settles the batch of deadlines it holds, claims no other, and exits 0; the next worker fires the rest, each once', async () => {
    // 20 cases in drafting: each owes two submission reminders and the submission deadline once
    // the assurance date has passed, 60 rows, more than the worker's batch of 50.
    for (let i = 0; i < 20; i++)
      cases.push((await h.open.open(openBcfCaseBody(world), world.actors.officer)).caseId);
    for (const c of (await db.ds.query('SELECT id, version FROM cases')) as {
      id: string;
      version: number;
    }[])
      versionsBefore.set(c.id, c.version);
    const deadlines = async () =>
      (await db.ds.query(
        `SELECT status, count(*)::int AS n FROM deadlines WHERE due_at <= $1 GROUP BY status ORDER BY status`,
        [clock.now()],
      )) as { status: string; n: number }[];

    // The first batch (the 50 most overdue: every case's two reminders and ten deadlines) fires
    // case by case in the cases' id order; the test holds the last case, so the worker fires the
    // others in its transaction and then waits for the case, its batch half done.
    const held = [...cases].sort().at(-1)!;
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    try {
      const [{ pid: holderPid }] = (await holder.query('SELECT pg_backend_pid() AS pid')).rows as {
        pid: number;
      }[];
      await holder.query('BEGIN');
      // Bound to the council as the product's connections are: its cases are hidden otherwise.
      await holder.query(`SELECT set_config('app.tenant_id', $1, true)`, [world.tenantId]);
      const locked = await holder.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [held]);
      expect(locked.rows).toEqual([{ id: held }]);

      const a = await start('worker-a');
      clock.set(ASSURANCE_PASSED);
      await expect(deadlines()).resolves.toEqual([{ status: 'pending', n: 60 }]);
      const waitingForTheHeldCase = async () => {
        const [{ n }] = (await db.ds.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`,
          [holderPid],
        )) as { n: number }[];
        return n > 0;
      };
      await waitUntil('worker-a waits for the held case mid-batch', waitingForTheHeldCase, {
        workers: [a],
      });

      a.kill('SIGTERM');
      await a.waitForOutput(/"msg":"stopping/);
      // Stopping, it still holds its batch: nothing of it is settled, nor given up.
      expect(a.running).toBe(true);
      expect(await waitingForTheHeldCase()).toBe(true);
      await expect(deadlines()).resolves.toEqual([{ status: 'pending', n: 60 }]);

      await holder.query('ROLLBACK');
      expect(await a.waitForExit()).toEqual({ code: 0, signal: null });
    } finally {
      await holder.end();
    }
    // The batch it held is settled, all of it; it claimed no other: the rest are still pending,
    // claimable by any worker (no lease, no lock left).
    await expect(deadlines()).resolves.toEqual([
      { status: 'fired', n: 50 },
      { status: 'pending', n: 10 },
    ]);

    const b = await start('worker-b');
    await waitUntil(
      'no due deadline is pending',
      async () => (await deadlines()).every((d) => d.status !== 'pending'),
      { workers: [b] },
    );
    // Two more sweeps of worker-b's, each finding nothing to do, before the count.
    const runs = await b.jobRuns('deadline-sweep');
    await waitUntil(
      'worker-b has completed two more sweeps',
      async () => (await b.jobRuns('deadline-sweep')) >= runs + 2,
      { workers: [b] },
    );
    await expect(deadlines()).resolves.toEqual([{ status: 'fired', n: 60 }]);
    expect(await b.jobItems('deadline-sweep', 'fired')).toBe(10);

    // Each row fired once: one case event and one audit record each, no row's event twice.
    for (const id of cases) {
      const fired = (
        (await db.ds.query(`SELECT event FROM deadlines WHERE case_id = $1 AND status = 'fired'`, [
          id,
        ])) as { event: { type: string; key: string; workingDaysLeft?: number } }[]
      )
        .map(({ event: e }) => `${e.type} ${e.key} ${e.workingDaysLeft ?? ''}`)
        .sort();
      const events = (
        (await db.ds.query(
          `SELECT type, payload FROM case_events WHERE case_id = $1 AND seq > $2 ORDER BY seq`,
          [id, versionsBefore.get(id)],
        )) as { type: string; payload: { key: string; workingDaysLeft?: number } }[]
      )
        .map((e) => `${e.type} ${e.payload.key} ${e.payload.workingDaysLeft ?? ''}`)
        .sort();
      expect({ id, events }).toEqual({ id, events: fired });
      expect(fired).toHaveLength(3);
      expect(await h.audit.verifyCase(world.tenantId, id)).toMatchObject({ ok: true });
    }
    expect(await b.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });

  it('sends the batch of emails it holds once the SMTP server answers, claims no other, and exits 0', async () => {
    const before = await emails();
    // What the fired deadlines owe: each case reminds its officer twice and escalates to the
    // officer and the chair, 80 emails, more than a batch.
    expect(before).toHaveLength(80);
    expect(before.every((e) => e.status === 'pending' && e.attempts === 0)).toBe(true);

    smtp.hold();
    const e = await start('worker-e', { smtp: true });
    await waitUntil('the SMTP server holds an email of worker-e', async () => smtp.held() > 0, {
      workers: [e],
    });
    const claimed = (await emails()).filter((x) => x.attempts > 0).map((x) => x.id);
    expect(claimed).toHaveLength(50);

    e.kill('SIGTERM');
    await e.waitForOutput(/"msg":"stopping/);
    expect(e.running).toBe(true);
    expect((await emails()).filter((x) => x.status !== 'pending')).toEqual([]);

    smtp.release();
    expect(await e.waitForExit()).toEqual({ code: 0, signal: null });
    // Its batch sent and marked done, each once; the rest never claimed, for another worker.
    const after = await emails();
    expect(after.filter((x) => x.status === 'done').map((x) => x.id)).toEqual(claimed);
    expect(after.filter((x) => x.status === 'done').every((x) => x.attempts === 1)).toBe(true);
    expect(
      after
        .filter((x) => !claimed.includes(x.id))
        .every((x) => x.status === 'pending' && x.attempts === 0),
    ).toBe(true);
    expect([...count(smtp.accepted)].sort()).toEqual(
      claimed.map((id) => [messageId(id), 1]).sort(),
    );
  });

  it('leaves the emails it could not send within the grace to their lease, which the next worker claims once it has run out', async () => {
    // The SMTP server answers nothing this time and the grace is none: the worker gives up its
    // batch (exit 1) and its emails wait for the lease to run out, by the workers' clock.
    const left = (await emails()).filter((x) => x.status === 'pending').map((x) => x.id);
    expect(left).toHaveLength(30);
    const acceptedBefore = smtp.accepted.length;
    smtp.hold();
    const g = await start('worker-g', { smtp: true, shutdownGraceMs: 0 });
    await waitUntil('the SMTP server holds an email of worker-g', async () => smtp.held() > 0, {
      workers: [g],
    });
    const leased = (await emails()).filter((x) => left.includes(x.id));
    expect(leased.every((x) => x.status === 'pending' && x.attempts === 1)).toBe(true);
    const leaseEnds = Math.max(...leased.map((x) => new Date(x.available_at).getTime()));
    // Leased for a minute by the workers' clock (which stands still here), no longer: a claim
    // given up is another worker's within that.
    expect(leaseEnds).toBeGreaterThan(clock.now().getTime());
    expect(leaseEnds).toBeLessThanOrEqual(clock.now().getTime() + 60_000);

    g.kill('SIGTERM');
    expect(await g.waitForExit()).toEqual({ code: 1, signal: null });
    expect(g.output()).toContain('grace period exceeded');
    smtp.forget();
    expect(smtp.accepted.length).toBe(acceptedBefore);

    // Another worker leaves them alone while the lease lasts (two runs of its outbox with them
    // due to no one), and sends them once it has run out.
    const hw = await start('worker-h', { smtp: true });
    const runs = await hw.jobRuns('outbox-delivery');
    await waitUntil(
      'worker-h has completed two runs of its outbox',
      async () => (await hw.jobRuns('outbox-delivery')) >= runs + 2,
      { workers: [hw] },
    );
    expect((await emails()).filter((x) => left.includes(x.id))).toEqual(leased);
    expect(smtp.accepted.length).toBe(acceptedBefore);

    clock.set(new Date(leaseEnds));
    await waitUntil(
      'every email is done',
      async () => (await emails()).every((x) => x.status === 'done'),
      { workers: [hw] },
    );
    const runsAfter = await hw.jobRuns('outbox-delivery');
    await waitUntil(
      'worker-h has completed two more runs of its outbox',
      async () => (await hw.jobRuns('outbox-delivery')) >= runsAfter + 2,
      { workers: [hw] },
    );
    const all = await emails();
    // Each of the 80 taken by the SMTP server once; those worker-g gave up were claimed twice.
    expect([...count(smtp.accepted)].sort()).toEqual(all.map((x) => [messageId(x.id), 1]).sort());
    expect(all.filter((x) => left.includes(x.id)).every((x) => x.attempts === 2)).toBe(true);
    expect(all.filter((x) => !left.includes(x.id)).every((x) => x.attempts === 1)).toBe(true);
    expect(await hw.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
