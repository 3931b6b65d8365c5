import { Logger } from '@nestjs/common';
import { DeadlineSweepRepository } from './deadline-sweep.repository';
import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../testing/world.factory';

/**
 * The sweep claims only deadlines of cases on a version this build has; should a case's version
 * change between the claim and the firing (a newer build's process moving it, in a rolling
 * upgrade), the send refuses it as TEMPLATE_VERSION_NOT_IN_THIS_BUILD. Its deadlines must then
 * stay pending for a newer build's workers, neither fired nor settled as stale (lost), and the
 * rest of the batch fire as claimed.
 */
describe('a deadline whose case moved to a version this build lacks after the sweep claimed it', () => {
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

  it('leaves them pending for newer workers and fires the rest of the batch', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const moved = await approvedPlan(h, world);
    const known = await approvedPlan(h, world);
    h.clock.set('2021-11-17T00:00:01Z'); // each plan's submission deadline and its reminders
    const now = h.clock.now();
    const left = (await statuses(moved, now)).length;
    const due = (await statuses(known, now)).length;
    expect(left).toBeGreaterThan(1);
    expect(due).toBeGreaterThan(1);

    // Just after the claim, in the claim's transaction: the case moves to version 99.
    const claim = DeadlineSweepRepository.prototype.claimBatch;
    const claimed: string[] = [];
    const spy = jest
      .spyOn(DeadlineSweepRepository.prototype, 'claimBatch')
      .mockImplementation(async function (this: DeadlineSweepRepository, ...args) {
        const rows = await claim.apply(this, args);
        claimed.push(...rows.map((r) => r.case_id));
        await args[1].query(`UPDATE cases SET template_version = 99 WHERE id = $1`, [moved]);
        return rows;
      });
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      // One batch holding both cases' rows: the moved case's must not undo the other's.
      await expect(h.sweep.sweep(500, 50)).resolves.toEqual({ fired: due, stale: 0 });
      expect(new Set(claimed)).toEqual(new Set([moved, known]));
      expect(warn.mock.calls.map((c) => String(c[0]))).not.toContainEqual(
        expect.stringContaining('deadline batch refused'),
      );
      expect(error).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
      error.mockRestore();
      warn.mockRestore();
    }
    expect(await statuses(known, now)).toEqual(
      Array.from({ length: due }, () => ({ status: 'fired', settled: true })),
    );
    expect(await eventsOf(known)).toBe(due);
    expect(await statuses(moved, now)).toEqual(
      Array.from({ length: left }, () => ({ status: 'pending', settled: false })),
    );
    expect(await eventsOf(moved)).toBe(0);

    // A worker of the build that has the version fires them.
    await db.ds.query(`UPDATE cases SET template_version = 2 WHERE id = $1`, [moved]);
    await expect(h.sweep.sweep()).resolves.toEqual({ fired: left, stale: 0 });
    expect(await eventsOf(moved)).toBe(left);
  });
});
