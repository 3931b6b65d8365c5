import type { Actor } from '../libs/core/actor.dto';
import { engineHarness } from '../libs/testing/engine-harness.service';
import {
  before,
  type DeadlineRow,
  type EffectRow,
  FIVE_DAY_REMINDER,
  NOTING_PASSED,
  NOTING_REMINDER,
  SUBMISSION_PASSED,
  TWO_DAY_REMINDER,
} from '../libs/testing/bcf-deadlines-2021.fixture';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

describe('deadlines and reminders', () => {
  let db: TestDatabase;
  let h: ReturnType<typeof engineHarness>;
  let world: BcfWorld;

  /** Every test gets a database of its own: a sweep fires every due row, not just one case's. */
  beforeEach(async () => {
    db = await openTestDatabase();
    h = engineHarness(db.ds, '2021-10-01T09:00:00Z');
    world = await buildBcfWorld(db.ds);
  });
  afterEach(async () => {
    await db.drop();
  });

  async function openCase(): Promise<string> {
    return (await h.open.open(openBcfCaseBody(world), world.actors.officer)).caseId;
  }

  async function send(caseId: string, type: string, who: keyof BcfWorld['actors'], payload = {}) {
    const [{ version }]: { version: number }[] = await db.ds.query(
      'SELECT version FROM cases WHERE id = $1',
      [caseId],
    );
    return h.send.send(caseId, { type, payload }, world.actors[who], { expectedVersion: version });
  }

  async function emails(caseId: string, message: string): Promise<EffectRow[]> {
    return db.ds.query(
      `SELECT payload->>'message' AS message, payload->'to'->>'id' AS to,
              (payload->>'workingDaysLeft')::int AS "workingDaysLeft"
         FROM effects WHERE case_id = $1 AND kind = 'email' AND payload->>'message' = $2
        ORDER BY created_at, id`,
      [caseId, message],
    );
  }

  async function deadlines(caseId: string, key: string): Promise<DeadlineRow[]> {
    return db.ds.query(
      `SELECT key, kind, status, due_at, settled_at, event FROM deadlines
        WHERE case_id = $1 AND key = $2 ORDER BY due_at`,
      [caseId, key],
    );
  }

  /** The system events the case recorded, e.g. ['REMINDER_DUE submission 5']. */
  async function firedEvents(caseId: string): Promise<string[]> {
    const rows: { type: string; payload: { key: string; workingDaysLeft?: number } }[] =
      await db.ds.query(
        `SELECT type, payload FROM case_events
          WHERE case_id = $1 AND type IN ('DEADLINE_PASSED', 'REMINDER_DUE') ORDER BY seq`,
        [caseId],
      );
    return rows.map((r) =>
      [r.type, r.payload.key, r.payload.workingDaysLeft].filter((x) => x !== undefined).join(' '),
    );
  }

  const personOf = (who: keyof BcfWorld['actors']) => {
    const a: Actor = world.actors[who];
    if (a.kind !== 'person') throw new Error(`${who} is not a person`);
    return a.person.id;
  };

  async function sweepAt(at: string | Date) {
    h.clock.set(at);
    return h.sweep.sweep();
  }

  it('reminds whoever the case waits for 5 and 2 working days before the submission deadline, once each', async () => {
    const caseId = await openCase();
    await send(caseId, 'SEEK_AGREEMENT', 'officer');
    await send(caseId, 'AGREE', 'ao'); // now only the Chief Executive is awaited

    expect(
      (await deadlines(caseId, 'submission')).map((d) => [d.kind, d.due_at.toISOString()]),
    ).toEqual([
      ['reminder', FIVE_DAY_REMINDER],
      ['reminder', TWO_DAY_REMINDER],
      ['deadline', SUBMISSION_PASSED],
    ]);

    for (const at of ['2021-10-15T09:00:00Z', '2021-11-08T09:00:00Z', before(FIVE_DAY_REMINDER)])
      expect(await sweepAt(at)).toEqual({ fired: 0, stale: 0 });
    expect(await emails(caseId, 'submission-reminder')).toEqual([]);

    expect(await sweepAt(FIVE_DAY_REMINDER)).toEqual({ fired: 1, stale: 0 });
    expect(await emails(caseId, 'submission-reminder')).toEqual([
      { message: 'submission-reminder', to: personOf('ceo'), workingDaysLeft: 5 },
    ]);
    // Sweeping again, now or a little later, fires nothing more.
    expect(await h.sweep.sweep()).toEqual({ fired: 0, stale: 0 });
    expect(await sweepAt('2021-11-10T09:00:00Z')).toEqual({ fired: 0, stale: 0 });
    expect(await emails(caseId, 'submission-reminder')).toHaveLength(1);

    // The Chief Executive agrees; the case now waits for the HWBB chair, who gets the next reminder.
    await send(caseId, 'AGREE', 'ceo');
    expect(await sweepAt(before(TWO_DAY_REMINDER))).toEqual({ fired: 0, stale: 0 });
    expect(await sweepAt(TWO_DAY_REMINDER)).toEqual({ fired: 1, stale: 0 });
    expect(await h.sweep.sweep()).toEqual({ fired: 0, stale: 0 });
    expect(await emails(caseId, 'submission-reminder')).toEqual([
      { message: 'submission-reminder', to: personOf('ceo'), workingDaysLeft: 5 },
      { message: 'submission-reminder', to: personOf('chair'), workingDaysLeft: 2 },
    ]);
    expect(await firedEvents(caseId)).toEqual([
      'REMINDER_DUE submission 5',
      'REMINDER_DUE submission 2',
    ]);
    expect((await deadlines(caseId, 'submission')).map((d) => d.status)).toEqual([
      'fired',
      'fired',
      'pending',
    ]);
    expect(await h.audit.verifyCase(world.tenantId, caseId)).toMatchObject({ ok: true });
  });

  it('escalates once when the submission deadline passes, however often the sweep runs', async () => {
    const caseId = await openCase();
    await send(caseId, 'SEEK_AGREEMENT', 'officer');

    // The last moment of 16 Nov in London: both reminders are due, the deadline is not.
    expect(await sweepAt(before(SUBMISSION_PASSED))).toEqual({ fired: 2, stale: 0 });
    expect(await emails(caseId, 'submission-overdue')).toEqual([]);
    expect((await h.views.get(world.tenantId, caseId)).context).toMatchObject({
      overdue: { submission: false },
    });

    expect(await sweepAt(SUBMISSION_PASSED)).toEqual({ fired: 1, stale: 0 });
    for (let i = 0; i < 3; i++) expect(await h.sweep.sweep()).toEqual({ fired: 0, stale: 0 });
    expect(await sweepAt('2021-11-24T12:00:00Z')).toEqual({ fired: 0, stale: 0 });

    expect((await emails(caseId, 'submission-overdue')).map((e) => e.to).sort()).toEqual(
      [personOf('officer'), personOf('chair')].sort(),
    );
    const view = await h.views.get(world.tenantId, caseId);
    expect(view.context).toMatchObject({ overdue: { submission: true } });
    expect(view.overdue).toEqual(['submission']);
    expect(view.state.key).toMatch(/^preSubmission\.agreement\./); // an escalation, not a transition

    expect(await firedEvents(caseId)).toEqual([
      'REMINDER_DUE submission 5',
      'REMINDER_DUE submission 2',
      'DEADLINE_PASSED submission',
    ]);
    const audit: { n: number; actor: { kind: string } }[] = await db.ds.query(
      `SELECT count(*)::int AS n, min(actor::text)::jsonb AS actor FROM audit_records
        WHERE case_id = $1 AND event->>'type' = 'DEADLINE_PASSED'`,
      [caseId],
    );
    expect(audit[0]).toMatchObject({ n: 1, actor: { kind: 'system' } });
    const [deadline] = (await deadlines(caseId, 'submission')).filter((d) => d.kind === 'deadline');
    expect(deadline).toMatchObject({ status: 'fired', settled_at: new Date(SUBMISSION_PASSED) });
    expect(await h.audit.verifyCase(world.tenantId, caseId)).toMatchObject({ ok: true });
  });

  /** Cases approved and recorded as submitted on 10 Nov, after their 5-day reminders fired. */
  async function submittedCases(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const caseId = await openCase();
      await send(caseId, 'SEEK_AGREEMENT', 'officer');
      await send(caseId, 'AGREE', 'ao');
      await send(caseId, 'AGREE', 'ceo');
      await send(caseId, 'APPROVE', 'chair');
      ids.push(caseId);
    }
    expect(await sweepAt(FIVE_DAY_REMINDER)).toEqual({ fired: n, stale: 0 });
    h.clock.set('2021-11-10T10:00:00Z');
    for (const caseId of ids)
      await send(caseId, 'RECORD_SUBMISSION', 'officer', { submittedOn: '2021-11-10' });
    return ids;
  }

  it('cancels the submission deadline when the plan is submitted first, so it never fires', async () => {
    const [caseId] = await submittedCases(1);
    const rows = await deadlines(caseId, 'submission');
    expect(rows.map((d) => [d.kind, d.status])).toEqual([
      ['reminder', 'fired'], // 9 Nov, before the submission
      ['reminder', 'cancelled'],
      ['deadline', 'cancelled'],
    ]);
    expect(rows[2].settled_at).toEqual(new Date('2021-11-10T10:00:00Z'));

    // Past the submission deadline, and again later: nothing about the submission fires.
    expect(await sweepAt(SUBMISSION_PASSED)).toEqual({ fired: 0, stale: 0 });
    expect(await sweepAt('2021-11-30T12:00:00Z')).toEqual({ fired: 0, stale: 0 });
    expect(await firedEvents(caseId)).toEqual(['REMINDER_DUE submission 5']);
    expect(await emails(caseId, 'submission-overdue')).toEqual([]);
    expect((await h.views.get(world.tenantId, caseId)).context).toMatchObject({
      overdue: { submission: false },
    });
  });

  it('escalates the noting deadline of 16 Dec when it passes without RECORD_NOTING, and not when the Board noted in time', async () => {
    const [unnoted, noted] = await submittedCases(2);
    expect(
      (await deadlines(unnoted, 'noting')).map((d) => [d.kind, d.due_at.toISOString()]),
    ).toEqual([
      ['reminder', NOTING_REMINDER],
      ['deadline', NOTING_PASSED],
    ]);

    expect(await sweepAt(before(NOTING_REMINDER))).toEqual({ fired: 0, stale: 0 });
    expect(await sweepAt(NOTING_REMINDER)).toEqual({ fired: 2, stale: 0 });
    expect(await emails(unnoted, 'noting-reminder')).toEqual([
      { message: 'noting-reminder', to: personOf('officer'), workingDaysLeft: 10 },
    ]);

    // The Board notes one of them at its meeting of 9 Dec.
    h.clock.set('2021-12-09T19:00:00Z');
    await send(noted, 'RECORD_NOTING', 'officer', {
      meetingDate: '2021-12-09',
      minuteReference: 'HWBB 9 Dec, item 6',
    });
    expect((await deadlines(noted, 'noting')).map((d) => d.status)).toEqual(['fired', 'cancelled']);

    expect(await sweepAt(before(NOTING_PASSED))).toEqual({ fired: 0, stale: 0 });
    expect(await emails(unnoted, 'noting-overdue')).toEqual([]);

    expect(await sweepAt(NOTING_PASSED)).toEqual({ fired: 1, stale: 0 });
    expect(await h.sweep.sweep()).toEqual({ fired: 0, stale: 0 });
    expect((await emails(unnoted, 'noting-overdue')).map((e) => e.to).sort()).toEqual(
      [personOf('officer'), personOf('chair')].sort(),
    );
    expect((await h.views.get(world.tenantId, unnoted)).context).toMatchObject({
      overdue: { submission: false, noting: true, assurance: false },
    });
    expect(await firedEvents(unnoted)).toEqual([
      'REMINDER_DUE submission 5',
      'REMINDER_DUE noting 10',
      'DEADLINE_PASSED noting',
    ]);
    // The assurance deadline (end of 9 Jan) is still to come.
    expect((await deadlines(unnoted, 'assurance')).map((d) => d.status)).toEqual(['pending']);

    expect(await firedEvents(noted)).toEqual([
      'REMINDER_DUE submission 5',
      'REMINDER_DUE noting 10',
    ]);
    expect(await emails(noted, 'noting-overdue')).toEqual([]);
    expect((await h.views.get(world.tenantId, noted)).context).toMatchObject({
      overdue: { noting: false },
    });
    for (const id of [unnoted, noted])
      expect(await h.audit.verifyCase(world.tenantId, id)).toMatchObject({ ok: true });
  });
});
