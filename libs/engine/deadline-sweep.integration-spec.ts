import { engineHarness } from '../testing/engine-harness.service';
import { CaseRepository } from './case.repository';
import { DeadlineSweepService } from './deadline-sweep.service';
import { DeadlineSweepRepository } from './deadline-sweep.repository';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../testing/world.factory';

describe('the deadline sweep', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('never fires a deadline its state could not cancel once the state has been re-entered and armed again', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    const steps: [string, keyof typeof world.actors, Record<string, unknown>][] = [
      ['SEEK_AGREEMENT', 'officer', {}],
      ['AGREE', 'ceo', {}],
      ['AGREE', 'ao', {}],
      ['APPROVE', 'chair', {}],
    ];
    let v = 1;
    for (const [type, who, payload] of steps)
      await h.send.send(caseId, { type, payload }, world.actors[who], { expectedVersion: v++ });

    // A worker holds the submission deadline row at the moment the officer records the submission,
    // so leaving the state cannot cancel it (it skips locked rows rather than deadlock).
    const [first]: { id: string }[] = await db.ds.query(
      `SELECT id FROM deadlines WHERE case_id = $1 AND key = 'submission' AND kind = 'deadline'`,
      [caseId],
    );
    const holder = db.ds.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query('SELECT id FROM deadlines WHERE id = $1 FOR UPDATE', [first.id]);
    // Recorded on the day of the assurance outcome, after the submission (both have happened).
    h.clock.set('2021-11-12T10:00:00Z');
    await h.send.send(
      caseId,
      { type: 'RECORD_SUBMISSION', payload: { submittedOn: '2021-11-10' } },
      world.actors.officer,
      { expectedVersion: v++ },
    );
    await holder.rollbackTransaction();
    await holder.release();
    const [{ status }]: { status: string }[] = await db.ds.query(
      'SELECT status FROM deadlines WHERE id = $1',
      [first.id],
    );
    expect(status).toBe('pending');

    // Not approved: back to drafting, the submission deadline armed again for the new date.
    await h.send.send(
      caseId,
      {
        type: 'RECORD_ASSURANCE',
        payload: {
          outcome: 'notApproved',
          receivedOn: '2021-11-12',
          resubmitBy: '2021-12-20',
          reasons: 'Metrics missing.',
        },
      },
      world.actors.officer,
      { expectedVersion: v++ },
    );

    h.clock.set('2021-11-17T00:00:01Z'); // the first deadline's moment: it must not fire
    await h.sweep.sweep();
    const [after]: { status: string }[] = await db.ds.query(
      'SELECT status FROM deadlines WHERE id = $1',
      [first.id],
    );
    expect(after.status).toBe('stale');
    const fired: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'DEADLINE_PASSED'`,
      [caseId],
    );
    expect(fired[0].n).toBe(0);
    expect((await h.views.get(world.tenantId, caseId)).overdue).toEqual([]);

    h.clock.set('2021-12-21T00:00:01Z'); // the new deadline passes: it fires, once
    await h.sweep.sweep();
    await h.sweep.sweep();
    const firedNow: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'DEADLINE_PASSED'`,
      [caseId],
    );
    expect(firedNow[0].n).toBe(1);
  });

  it('never fires a row the officer armed again while the batch that claimed it was firing others', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    /** A plan approved and awaiting its submission, its submission deadline armed. */
    const approvedPlan = async () => {
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
    };
    // The first plan's row comes first in the batch (a batch fires its cases in their ids' order).
    const [first, second] = [await approvedPlan(), await approvedPlan()].sort();
    await db.ds.query(
      `UPDATE deadlines SET due_at = due_at - interval '1 minute'
        WHERE case_id = $1 AND key = 'submission' AND kind = 'deadline'`,
      [first],
    );
    const [old]: { id: string }[] = await db.ds.query(
      `SELECT id FROM deadlines WHERE case_id = $1 AND key = 'submission' AND kind = 'deadline'`,
      [second],
    );
    // Its reminders already sent, so that the row is the batch's first of that case.
    await db.ds.query(
      `UPDATE deadlines SET status = 'fired', settled_at = now()
        WHERE case_id = $1 AND id <> $2 AND status = 'pending' AND due_at <= '2021-11-17'`,
      [second, old.id],
    );

    // While the batch fires the first plan's deadline, the officer records the second plan's
    // submission and its assurance (not approved: the submission deadline armed again). Leaving the
    // state cannot cancel the row the batch holds; only the newer arming may ever fire.
    let interleaved = false;
    const officerMeanwhile: typeof h.send = Object.create(h.send);
    officerMeanwhile.send = async (...args: Parameters<typeof h.send.send>) => {
      if (!interleaved) {
        interleaved = true;
        await h.send.send(
          second,
          { type: 'RECORD_SUBMISSION', payload: { submittedOn: '2021-11-10' } },
          world.actors.officer,
        );
        await h.send.send(
          second,
          {
            type: 'RECORD_ASSURANCE',
            payload: {
              outcome: 'notApproved',
              receivedOn: '2021-11-12',
              resubmitBy: '2021-12-20',
              reasons: 'Metrics missing.',
            },
          },
          world.actors.officer,
        );
      }
      return h.send.send(...args);
    };
    h.clock.set('2021-11-17T00:00:01Z');
    await new DeadlineSweepService(
      db.ds,
      h.clock,
      officerMeanwhile,
      new CaseRepository(),
      new DeadlineSweepRepository(),
    ).sweep();

    expect(interleaved).toBe(true);
    const [after]: { status: string }[] = await db.ds.query(
      'SELECT status FROM deadlines WHERE id = $1',
      [old.id],
    );
    expect(after.status).toBe('stale');
    const fired: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'DEADLINE_PASSED'`,
      [second],
    );
    expect(fired[0].n).toBe(0);
    expect((await h.views.get(world.tenantId, second)).overdue).toEqual([]);
  });
});

describe('a batch of deadlines', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('reads the cases it fires in one statement, and each case afresh only for its later rows', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const plans: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
      const steps: [string, keyof typeof world.actors][] = [
        ['SEEK_AGREEMENT', 'officer'],
        ['AGREE', 'ceo'],
        ['AGREE', 'ao'],
        ['APPROVE', 'chair'],
      ];
      for (const [type, who] of steps)
        await h.send.send(caseId, { type, payload: {} }, world.actors[who]);
      plans.push(caseId);
    }
    h.clock.set('2021-11-17T00:00:01Z'); // each plan's submission deadline and its reminders
    const [{ due }]: { due: number }[] = await db.ds.query(
      `SELECT count(*)::int AS due FROM deadlines
        WHERE case_id = ANY($1::uuid[]) AND status = 'pending' AND due_at <= $2`,
      [plans, h.clock.now()],
    );
    expect(due).toBeGreaterThan(plans.length);
    const many = jest.spyOn(CaseRepository.prototype, 'findManyForSend');
    const one = jest.spyOn(CaseRepository.prototype, 'findForSend');
    try {
      await expect(h.sweep.sweep()).resolves.toEqual({ fired: due, stale: 0 });
      const batchReads = many.mock.calls.filter((c) => c[2].length > 1);
      expect(batchReads.map((c) => [...c[2]].sort())).toEqual([[...plans].sort()]);
      expect(one).toHaveBeenCalledTimes(due - plans.length);
    } finally {
      many.mockRestore();
      one.mockRestore();
    }
    const events: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM case_events
        WHERE case_id = ANY($1::uuid[]) AND type IN ('DEADLINE_PASSED', 'REMINDER_DUE')`,
      [plans],
    );
    expect(events[0].n).toBe(due);
  });
});

describe('a deadline the case refuses for good', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('is settled as stale so that later deadlines still fire', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    // A row whose event the template refuses (an unknown deadline key), due before the real ones.
    await db.ds.query(
      `INSERT INTO deadlines (tenant_id, case_id, key, kind, event, due_at, status, armed_at_version)
       VALUES ($1, $2, 'bogus', 'deadline', '{"type":"DEADLINE_PASSED","key":"bogus"}', '2021-10-02T00:00:00Z', 'pending', 1)`,
      [world.tenantId, caseId],
    );
    h.clock.set('2021-11-09T09:00:00Z');
    await expect(h.sweep.sweep()).resolves.toEqual({ fired: 1, stale: 1 });
    const [bogus]: { status: string }[] = await db.ds.query(
      `SELECT status FROM deadlines WHERE case_id = $1 AND key = 'bogus'`,
      [caseId],
    );
    expect(bogus.status).toBe('stale');
  });
});
