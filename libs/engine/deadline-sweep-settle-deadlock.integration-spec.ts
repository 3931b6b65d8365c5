import { Client } from 'pg';
import { tenantScope } from '../core/tenant-scope';
import type { Queryable } from '../core/queryable';
import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../testing/world.factory';
import { RELEASED_HERE } from '../workflows/template.registry';
import type { EntityManager } from 'typeorm';
import { CaseRepository } from './case.repository';
import { DeadlineSweepRepository } from './deadline-sweep.repository';

/*
 * review11: migration 1796441700000 makes the deadlines trigger take its case FOR SHARE. The sweep's
 * batch fires its cases (the engine's UPDATE: FOR NO KEY UPDATE) in case id order, then settles
 * all its claimed rows in one statement; a row it settles without firing its case (superseded, or
 * refused: 'stale') now takes that case's lock there, after the batch's own case locks and out of
 * their order. Two workers whose batches each hold a superseded row of the case the other fires
 * then waited for each other, as did a batch and an office hand-over, until fireBatch held such a
 * case where it meets it, in case id order (holdCase). Each step here is what fireBatch does, as the
 * runtime role.
 */
describe('two deadline sweep batches each settling a stale row of the case the other fired', () => {
  let db: TestDatabase;
  let a: Client;
  let b: Client;
  const repo = new DeadlineSweepRepository();
  const on = (c: Client): Queryable =>
    ({
      query: async (sql: string, params?: unknown[]) => (await c.query(sql, params)).rows,
    }) as unknown as Queryable;

  beforeAll(async () => {
    db = await openTestDatabase(2);
  });
  afterAll(async () => {
    await a?.end();
    await b?.end();
    await db?.drop();
  });

  it('settles both batches, neither rolled back as a deadlock', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const [lower, higher] = [
      (await h.open.open(openBcfCaseBody(world), world.actors.officer)).caseId,
      (await h.open.open(openBcfCaseBody(world), world.actors.officer)).caseId,
    ].sort();
    const arm = async (caseId: string, version: number, due: string) =>
      (
        await db.superuser<{ id: string }>(
          `INSERT INTO deadlines (tenant_id, case_id, key, kind, event, due_at, status, armed_at_version)
           VALUES ($1, $2, 'respond', 'deadline', '{"type":"DEADLINE_PASSED","key":"respond"}', $3, 'pending', $4)
           RETURNING id`,
          [world.tenantId, caseId, due, version],
        )
      )[0].id;
    // Each case re-armed once while a worker held its first arming (the state's exit skips a
    // claimed row): the older arming is superseded, settled 'stale' without firing its case.
    // Worker a claims the first two due, worker b the next two.
    const lowerNew = await arm(lower, 2, '2020-01-01T00:00:00Z');
    const higherOld = await arm(higher, 1, '2020-01-02T00:00:00Z');
    const higherNew = await arm(higher, 2, '2020-01-03T00:00:00Z');
    const lowerOld = await arm(lower, 1, '2020-01-04T00:00:00Z');

    const bound = async () => {
      const c = new Client({ connectionString: db.url });
      await c.connect();
      await c.query("SELECT set_config('app.tenant_id', $1, false)", [world.tenantId]);
      return c;
    };
    a = await bound();
    b = await bound();
    const pidB = (await b.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
    const scope = tenantScope(world.tenantId);
    const now = new Date('2021-01-01T00:00:00Z');
    /** One row of a batch as fireBatch meets it, in case id order: its case fired, or held. */
    const step = (c: Client, caseId: string, fires: boolean) =>
      fires
        ? c.query('UPDATE cases SET version = version + 1 WHERE id = $1', [caseId])
        : repo.holdCase(scope, on(c), caseId);

    await a.query('BEGIN');
    await b.query('BEGIN');
    const claimedA = await repo.claimBatch(scope, on(a), now, 2, RELEASED_HERE);
    const claimedB = await repo.claimBatch(scope, on(b), now, 2, RELEASED_HERE);
    expect(claimedA.map((r) => [r.id, r.superseded])).toEqual([
      [lowerNew, false],
      [higherOld, true],
    ]);
    expect(claimedB.map((r) => [r.id, r.superseded])).toEqual([
      [higherNew, false],
      [lowerOld, true],
    ]);
    // a fires the lower case; b, whose lower case's row is stale, then fires the higher.
    await step(a, lower, true);
    const batchB = (async () => {
      await step(b, lower, false);
      await step(b, higher, true);
      await repo.settleBatch(
        scope,
        on(b),
        [
          { id: higherNew, status: 'fired' },
          { id: lowerOld, status: 'stale' },
        ],
        now,
      );
      await b.query('COMMIT');
    })();
    let bEnded = false;
    void batchB.then(
      () => (bEnded = true),
      () => (bEnded = true),
    );
    // a goes on only once b has gone as far as it can: b waits for a lock a holds.
    for (;;) {
      const waiting = await db.superuser(
        "SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'",
        [pidB],
      );
      if (waiting.length || bEnded) break;
      await new Promise((r) => setImmediate(r));
    }
    const batchA = (async () => {
      await step(a, higher, false);
      await repo.settleBatch(
        scope,
        on(a),
        [
          { id: lowerNew, status: 'fired' },
          { id: higherOld, status: 'stale' },
        ],
        now,
      );
      await a.query('COMMIT');
    })();
    const settled = await Promise.allSettled([batchA, batchB]);
    const refused = settled.flatMap((s) =>
      s.status === 'rejected' ? [String((s.reason as Error).message)] : [],
    );
    expect(refused).toEqual([]);
    const pending = await db.superuser<{ id: string }>(
      `SELECT id FROM deadlines WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
      [[lowerNew, higherOld, higherNew, lowerOld]],
    );
    expect(pending).toEqual([]);
  });
  it('settles a batch while an office hand-over locks the same cases in id order, neither rolled back as a deadlock', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const opened = [
      (await h.open.open(openBcfCaseBody(world), world.actors.officer)).caseId,
      (await h.open.open(openBcfCaseBody(world), world.actors.officer)).caseId,
    ].sort();
    // The hand-over locks the lower id first; the batch fires the higher and holds a superseded
    // row of the lower.
    const [lower, higher] = opened;
    const [{ officeId }] = await db.superuser<{ officeId: string }>(
      `SELECT r.value->>'officeId' AS "officeId" FROM cases c, jsonb_each(c.roles) r
        WHERE c.id = $1 AND r.value->>'officeId' IS NOT NULL
          AND EXISTS (SELECT 1 FROM cases o, jsonb_each(o.roles) s WHERE o.id = $2 AND s.value->>'officeId' = r.value->>'officeId')
        LIMIT 1`,
      [lower, higher],
    );
    const arm = async (caseId: string, version: number, due: string) =>
      (
        await db.superuser<{ id: string }>(
          `INSERT INTO deadlines (tenant_id, case_id, key, kind, event, due_at, status, armed_at_version)
           VALUES ($1, $2, 'respond', 'deadline', '{"type":"DEADLINE_PASSED","key":"respond"}', $3, 'pending', $4)
           RETURNING id`,
          [world.tenantId, caseId, due, version],
        )
      )[0].id;
    const fire = await arm(higher, 2, '2020-01-01T00:00:00Z');
    const stale = await arm(lower, 1, '2020-01-02T00:00:00Z');
    await arm(lower, 2, '2030-01-02T00:00:00Z');

    const bound = async () => {
      const c = new Client({ connectionString: db.url });
      await c.connect();
      await c.query("SELECT set_config('app.tenant_id', $1, false)", [world.tenantId]);
      return c;
    };
    const sweep = await bound();
    const handOver = await bound();
    const pid = (await handOver.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
    const scope = tenantScope(world.tenantId);
    const now = new Date('2021-01-01T00:00:00Z');
    try {
      await sweep.query('BEGIN');
      await handOver.query('BEGIN');
      const claimed = await repo.claimBatch(scope, on(sweep), now, 2, RELEASED_HERE);
      expect(claimed.map((r) => [r.id, r.superseded])).toEqual([
        [fire, false],
        [stale, true],
      ]);
      // The batch meets its cases in id order: the lower's row is stale, so it holds that case;
      // then it fires the higher.
      await repo.holdCase(scope, on(sweep), lower);
      await sweep.query('UPDATE cases SET version = version + 1 WHERE id = $1', [higher]);
      const locking = new CaseRepository()
        .lockOpenBound(scope, on(handOver) as unknown as EntityManager, { officeId })
        .then(() => handOver.query('COMMIT'));
      let outcome: 'done' | 'failed' | undefined;
      void locking.then(
        () => (outcome = 'done'),
        () => (outcome = 'failed'),
      );
      for (;;) {
        const waiting = await db.superuser(
          "SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'",
          [pid],
        );
        if (waiting.length || outcome) break;
        await new Promise((r) => setImmediate(r));
      }
      const settled = await Promise.allSettled([
        locking,
        repo
          .settleBatch(
            scope,
            on(sweep),
            [
              { id: fire, status: 'fired' },
              { id: stale, status: 'stale' },
            ],
            now,
          )
          .then(() => sweep.query('COMMIT')),
      ]);
      const refused = settled.flatMap((x) =>
        x.status === 'rejected' ? [String((x.reason as Error).message)] : [],
      );
      expect(refused).toEqual([]);
    } finally {
      await sweep.end();
      await handOver.end();
    }
  });
});
