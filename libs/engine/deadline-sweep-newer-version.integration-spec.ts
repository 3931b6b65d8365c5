import { Logger } from '@nestjs/common';
import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../testing/world.factory';

/**
 * A rolling upgrade: a newer build has released a template version and opened cases on it while a
 * worker of the older build still runs. The older worker must leave those cases' deadlines to the
 * newer workers and go on with the rest of the council's.
 */
describe('a worker meeting deadlines of a template version it does not know', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  /** A BCF plan approved and awaiting its submission: its submission deadline and reminders armed. */
  async function approvedPlan(h: ReturnType<typeof engineHarness>, world: BcfWorld) {
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    const steps: [string, keyof typeof world.actors][] = [
      ['SEEK_AGREEMENT', 'officer'],
      ['AGREE', 'ceo'],
      ['AGREE', 'ao'],
      ['APPROVE', 'chair'],
    ];
    for (const [type, who] of steps)
      await h.send.send(caseId, { type, payload: {} }, world.actors[who]);
    return caseId;
  }

  const statuses = async (caseId: string, at: Date) =>
    (
      (await db.ds.query(
        `SELECT status, settled_at FROM deadlines WHERE case_id = $1 AND due_at <= $2 ORDER BY id`,
        [caseId, at],
      )) as { status: string; settled_at: Date | null }[]
    ).map((r) => ({ status: r.status, settled: r.settled_at !== null }));

  const eventsOf = async (caseId: string) =>
    (
      (await db.ds.query(
        `SELECT count(*)::int AS n FROM case_events
          WHERE case_id = $1 AND type IN ('DEADLINE_PASSED', 'REMINDER_DUE')`,
        [caseId],
      )) as { n: number }[]
    )[0].n;

  it('leaves them pending for newer workers, fires the council’s other deadlines in the same sweep and says so once', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const newer = await approvedPlan(h, world);
    const known = await approvedPlan(h, world);
    // The newer build's case: on a version of its template this build never released, and its
    // deadlines the council's most overdue, so that a sweep taking rows in order meets them first.
    await db.ds.query(`UPDATE cases SET template_version = 99 WHERE id = $1`, [newer]);
    await db.ds.query(
      `UPDATE deadlines SET due_at = due_at - interval '1 day' WHERE case_id = $1`,
      [newer],
    );
    h.clock.set('2021-11-17T00:00:01Z'); // each plan's submission deadline and its reminders
    const now = h.clock.now();
    const left = (await statuses(newer, now)).length;
    const due = (await statuses(known, now)).length;
    expect(left).toBeGreaterThan(1);
    expect(due).toBeGreaterThan(1);

    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      // Batches of one: the unknown rows, first in order, must not stand in the way of the others.
      await expect(h.sweep.sweep(500, 1)).resolves.toEqual({ fired: due, stale: 0 });
      await expect(h.sweep.sweep(500, 1)).resolves.toEqual({ fired: 0, stale: 0 });

      expect(await statuses(known, now)).toEqual(
        Array.from({ length: due }, () => ({ status: 'fired', settled: true })),
      );
      expect(await eventsOf(known)).toBe(due);
      // Neither fired nor given up on: still pending, as the newer build armed them.
      expect(await statuses(newer, now)).toEqual(
        Array.from({ length: left }, () => ({ status: 'pending', settled: false })),
      );
      expect(await eventsOf(newer)).toBe(0);

      expect(error).not.toHaveBeenCalled();
      const said = warn.mock.calls.map((c) => String(c[0]));
      expect(said).toEqual([
        expect.stringContaining(
          `${left} deadlines due on cases of bcf-delegated-sign-off version 99`,
        ),
      ]);
      expect(said[0]).toContain('left to workers of a newer build');
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }

    // A worker of the newer build (one that knows the version) fires them.
    await db.ds.query(`UPDATE cases SET template_version = 2 WHERE id = $1`, [newer]);
    await expect(h.sweep.sweep()).resolves.toEqual({ fired: left, stale: 0 });
    expect(await eventsOf(newer)).toBe(left);
  });
});

describe('a process meeting a case on a template version it does not know', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('refuses to read it or send it an event, naming the version (TEMPLATE_VERSION_NOT_IN_THIS_BUILD)', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    await db.ds.query(`UPDATE cases SET template_version = 99 WHERE id = $1`, [caseId]);
    const refusal = {
      code: 'TEMPLATE_VERSION_NOT_IN_THIS_BUILD',
      templateId: 'bcf-delegated-sign-off',
      templateVersion: 99,
      detail: expect.stringContaining('version 99 of its template'),
      extra: expect.objectContaining({ caseId }),
    };
    await expect(h.views.get(world.tenantId, caseId)).rejects.toMatchObject(refusal);
    await expect(
      h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
        expectedVersion: 1,
      }),
    ).rejects.toMatchObject(refusal);
    const [{ version }]: { version: number }[] = await db.ds.query(
      'SELECT version FROM cases WHERE id = $1',
      [caseId],
    );
    expect(version).toBe(1);
  });
});
