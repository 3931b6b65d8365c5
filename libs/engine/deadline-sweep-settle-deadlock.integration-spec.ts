import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { tenantScope } from '../core/tenant-scope';
import type { Queryable } from '../core/queryable';
import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { approvedBcfPlan } from '../testing/approved-bcf-plan.factory';
import { buildBcfWorld, type BcfWorld } from '../testing/world.factory';
import { CaseRepository } from './case.repository';
import { DeadlineSweepRepository } from './deadline-sweep.repository';
import { DeadlineSweepService } from './deadline-sweep.service';

/*
 * review11: migration 1796441700000 makes the deadlines trigger take its case FOR SHARE. The sweep's
 * batch fires its cases (the engine's UPDATE: FOR NO KEY UPDATE) in case id order, then settles
 * all its claimed rows in one statement; a row it settles without firing its case (superseded:
 * 'stale') takes that case's lock there, after the batch's own case locks and out of their order,
 * unless fireBatch holds that case where it meets it (DeadlineSweepRepository.holdCase). Each test
 * runs the real sweep and holds its batch, once it has fired a case, until the other side has
 * gone as far as it can (fired too, or waits on a lock), then lets both finish: without holdCase
 * the two wait for each other and PostgreSQL rolls one back ('deadlock detected').
 */
describe('a deadline sweep batch settling a stale row of a case another transaction locks', () => {
  let db: TestDatabase;
  const on = (c: Client): Queryable =>
    ({
      query: async (sql: string, params?: unknown[]) => (await c.query(sql, params)).rows,
    }) as unknown as Queryable;

  /** As the app connects: the runtime role, bound to the council. */
  const bound = async (world: BcfWorld) => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    await c.query("SELECT set_config('app.tenant_id', $1, false)", [world.tenantId]);
    return c;
  };

  /**
   * An older arming of the submission deadline `id` arms, due at `due`: one its state's exit could
   * not cancel (a worker held it), superseded by `id`, so settled 'stale' without firing its case.
   */
  const armedBefore = async (id: string, due: string) =>
    (
      await db.superuser<{ id: string }>(
        `INSERT INTO deadlines (tenant_id, case_id, key, kind, event, due_at, status, armed_at_version)
         SELECT tenant_id, case_id, key, kind, event, $2, 'pending', armed_at_version - 1
           FROM deadlines WHERE id = $1
         RETURNING id`,
        [id, due],
      )
    )[0].id;

  /** Makes the deadline `id` due at `due`. */
  const dueAt = async (id: string, due: string) => {
    await db.superuser('UPDATE deadlines SET due_at = $2 WHERE id = $1', [id, due]);
    return id;
  };

  /** Two plans approved and awaiting their submission, the lower id first; nothing of theirs due. */
  const twoApprovedPlans = async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const plans = [await approvedBcfPlan(h, world), await approvedBcfPlan(h, world)];
    const [lower, higher] = plans.sort();
    await db.superuser(
      `UPDATE deadlines SET due_at = '2099-01-01T00:00:00Z' WHERE case_id = ANY($1::uuid[]) AND status = 'pending'`,
      [plans],
    );
    /** Each plan's submission deadline, pending. */
    const submission = async (caseId: string) =>
      (
        await db.superuser<{ id: string }>(
          `SELECT id FROM deadlines WHERE case_id = $1 AND key = 'submission' AND kind = 'deadline'
              AND status = 'pending'`,
          [caseId],
        )
      )[0].id;
    h.clock.set('2021-10-02T00:00:00Z');
    return {
      world,
      h,
      lower,
      higher,
      lowerDue: await submission(lower),
      higherDue: await submission(higher),
    };
  };

  /** The sweep as the worker wires it, its engine's send followed by `after` in the batch. */
  const sweeper = (h: ReturnType<typeof engineHarness>, after: () => Promise<void>) => {
    const send: typeof h.send = Object.create(h.send);
    send.send = async (...args: Parameters<typeof h.send.send>) => {
      const sent = await h.send.send(...args);
      await after();
      return sent;
    };
    return new DeadlineSweepService(
      db.ds,
      h.clock,
      send,
      new CaseRepository(),
      new DeadlineSweepRepository(),
    );
  };

  /** Until `done`, or a backend of this database waits on a lock: the other side went on. */
  const untilWaitingOr = async (done: () => boolean) => {
    for (;;) {
      const waiting = await db.superuser(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (waiting.length || done()) return;
      await new Promise((r) => setImmediate(r));
    }
  };

  /** What a batch or a hand-over was refused, and what the sweep said of a batch it rolled back. */
  const refusals = (settled: PromiseSettledResult<unknown>[], warn: jest.SpyInstance) => [
    ...settled.flatMap((s) =>
      s.status === 'rejected' ? [String((s.reason as Error).message)] : [],
    ),
    ...warn.mock.calls.map(([message]) => String(message)),
  ];

  const statuses = (ids: string[]) =>
    db.superuser<{ id: string; status: string }>(
      'SELECT id, status FROM deadlines WHERE id = ANY($1::uuid[]) ORDER BY id',
      [ids],
    );

  beforeAll(async () => {
    db = await openTestDatabase(4);
  });
  afterAll(async () => {
    await db?.drop();
  });
  afterEach(() => jest.restoreAllMocks());

  it('settles two batches each holding a stale row of the case the other fires, neither rolled back as a deadlock', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { h, lowerDue, higherDue } = await twoApprovedPlans();
    // Worker a claims the first two due, worker b the next two: each fires one case and settles
    // an older arming of the other's.
    const lowerNew = await dueAt(lowerDue, '2021-10-01T10:00:00Z');
    const higherOld = await armedBefore(higherDue, '2021-10-01T10:00:01Z');
    const higherNew = await dueAt(higherDue, '2021-10-01T10:00:02Z');
    const lowerOld = await armedBefore(lowerDue, '2021-10-01T10:00:03Z');

    let aFired!: () => void;
    const aHasFired = new Promise<void>((r) => (aFired = r));
    let goOn!: () => void;
    const aMayGoOn = new Promise<void>((r) => (goOn = r));
    let bFired = false;
    let bEnded = false;
    const a = sweeper(h, async () => {
      aFired();
      await aMayGoOn;
    });
    const b = sweeper(h, async () => {
      bFired = true;
    });

    // a fires the lower case and waits; b's lower case's row is stale, and it fires the higher.
    const batchA = a.sweep(2, 2);
    await Promise.race([aHasFired, batchA]);
    const batchB = b.sweep(2, 2);
    void batchB.then(
      () => (bEnded = true),
      () => (bEnded = true),
    );
    await untilWaitingOr(() => bFired || bEnded);
    goOn();
    const settled = await Promise.allSettled([batchA, batchB]);

    expect(refusals(settled, warn)).toEqual([]);
    expect(settled).toEqual([
      { status: 'fulfilled', value: { fired: 1, stale: 1 } },
      { status: 'fulfilled', value: { fired: 1, stale: 1 } },
    ]);
    expect(await statuses([lowerNew, higherOld, higherNew, lowerOld])).toEqual(
      [
        { id: lowerNew, status: 'fired' },
        { id: higherOld, status: 'stale' },
        { id: higherNew, status: 'fired' },
        { id: lowerOld, status: 'stale' },
      ].sort((x, y) => (x.id < y.id ? -1 : 1)),
    );
  });

  it('settles a batch while an office hand-over locks the same cases in id order, neither rolled back as a deadlock', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { world, h, lower, higher, lowerDue, higherDue } = await twoApprovedPlans();
    const [{ officeId }] = await db.superuser<{ officeId: string }>(
      `SELECT r.value->>'officeId' AS "officeId" FROM cases c, jsonb_each(c.roles) r
        WHERE c.id = $1 AND r.value->>'officeId' IS NOT NULL
          AND EXISTS (SELECT 1 FROM cases o, jsonb_each(o.roles) s WHERE o.id = $2 AND s.value->>'officeId' = r.value->>'officeId')
        LIMIT 1`,
      [lower, higher],
    );
    // The batch meets the lower case's stale row first, then fires the higher; the hand-over
    // locks the lower first.
    const fire = await dueAt(higherDue, '2021-10-01T10:00:00Z');
    const stale = await armedBefore(lowerDue, '2021-10-01T10:00:01Z');

    let fired!: () => void;
    const hasFired = new Promise<void>((r) => (fired = r));
    let goOn!: () => void;
    const mayGoOn = new Promise<void>((r) => (goOn = r));
    const sweep = sweeper(h, async () => {
      fired();
      await mayGoOn;
    }).sweep(2, 2);
    await Promise.race([hasFired, sweep]);

    const handOver = await bound(world);
    try {
      await handOver.query('BEGIN');
      let ended = false;
      const locking = new CaseRepository()
        .lockOpenBound(tenantScope(world.tenantId), on(handOver) as unknown as EntityManager, {
          officeId,
        })
        .then(() => handOver.query('COMMIT'))
        .finally(() => (ended = true));
      await untilWaitingOr(() => ended);
      goOn();
      const settled = await Promise.allSettled([locking, sweep]);

      expect(refusals(settled, warn)).toEqual([]);
      expect(settled[1]).toEqual({ status: 'fulfilled', value: { fired: 1, stale: 1 } });
      expect(await statuses([fire, stale])).toEqual(
        [
          { id: fire, status: 'fired' },
          { id: stale, status: 'stale' },
        ].sort((x, y) => (x.id < y.id ? -1 : 1)),
      );
    } finally {
      await handOver.end();
    }
  });
});
