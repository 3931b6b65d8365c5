import type { Actor } from '../libs/core/actor.dto';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import {
  ClockFile,
  waitUntil,
  WorkerProcess,
  WORKER_TEST_TIMEOUT_MS,
  WORKER_WAIT_MS,
} from '../libs/testing/worker-process.service';
import { BcfWorld, buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

// Worker processes start slowly on a busy machine: the waits inside are for conditions.
jest.setTimeout(WORKER_TEST_TIMEOUT_MS);

/*
 * The seed's dates: submission by Tuesday 16 Nov 2021, noting by Thursday 16 Dec 2021, assurance
 * expected Sunday 9 Jan 2022. London is on GMT in November to January, so London times are UTC.
 * The machine reminds 5 and 2 working days before the submission deadline (Tue 9 Nov and Fri 12
 * Nov, 09:00) and 10 working days before the noting deadline (Thu 2 Dec, 09:00); a deadline
 * "by 16 Nov" passes when 16 Nov ends in London (17 Nov 00:00).
 */
const FIVE_DAY_REMINDER = '2021-11-09T09:00:00.000Z';
const TWO_DAY_REMINDER = '2021-11-12T09:00:00.000Z';
const SUBMISSION_PASSED = '2021-11-17T00:00:00.000Z';
const NOTING_REMINDER = '2021-12-02T09:00:00.000Z';
const NOTING_PASSED = '2021-12-17T00:00:00.000Z';
const ASSURANCE_PASSED = '2022-01-10T00:00:00.000Z';

const before = (iso: string) => new Date(new Date(iso).getTime() - 1);

interface EffectRow {
  message: string;
  to: string;
  workingDaysLeft: number | null;
}
interface DeadlineRow {
  key: string;
  kind: string;
  status: string;
  due_at: Date;
  settled_at: Date | null;
  event: { type: string; key: string; workingDaysLeft?: number };
}

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

describe('three worker processes sweeping one database', () => {
  let db: TestDatabase;
  let h: ReturnType<typeof engineHarness>;
  let world: BcfWorld;
  let clock: ClockFile;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
    h = engineHarness(db.ds, '2021-10-01T09:00:00Z');
    clock = new ClockFile('2021-10-01T09:00:00Z');
    world = await buildBcfWorld(db.ds);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    clock.remove();
    await db.drop();
  });

  it('fires each due deadline and reminder exactly once across ten cases', async () => {
    const { officer, ceo, ao, chair } = world.actors;
    const open = async () => (await h.open.open(openBcfCaseBody(world), officer)).caseId;
    const drafting: string[] = [];
    const agreement: string[] = [];
    const submitted: string[] = [];
    for (let i = 0; i < 4; i++) drafting.push(await open());
    for (let i = 0; i < 4; i++) {
      const id = await open();
      await h.send.send(id, { type: 'SEEK_AGREEMENT', payload: {} }, officer);
      agreement.push(id);
    }
    for (let i = 0; i < 2; i++) {
      const id = await open();
      for (const [type, who] of [
        ['SEEK_AGREEMENT', officer],
        ['AGREE', ao],
        ['AGREE', ceo],
        ['APPROVE', chair],
      ] as const)
        await h.send.send(id, { type, payload: {} }, who);
      h.clock.set('2021-11-01T10:00:00Z');
      await h.send.send(
        id,
        { type: 'RECORD_SUBMISSION', payload: { submittedOn: '2021-11-01' } },
        officer,
      );
      submitted.push(id);
    }
    const all = [...drafting, ...agreement, ...submitted];
    const versionsBefore = new Map(
      (
        (await db.ds.query('SELECT id, version FROM cases')) as { id: string; version: number }[]
      ).map((c) => [c.id, c.version]),
    );
    const [{ n: effectsBefore }]: { n: number }[] = await db.ds.query(
      'SELECT count(*)::int AS n FROM effects',
    );

    for (const name of ['worker-a', 'worker-b', 'worker-c'])
      workers.push(WorkerProcess.start(name, { databaseUrl: db.url, clockFile: clock }));
    await Promise.all(workers.map((w) => w.ready()));

    // Every submission deadline and its reminders, the noting reminders and deadlines and the
    // assurance deadlines fall due at once.
    clock.set(ASSURANCE_PASSED);
    await waitUntil(
      'no due deadline is pending',
      async () => {
        const [{ n }]: { n: number }[] = await db.ds.query(
          `SELECT count(*)::int AS n FROM deadlines WHERE status = 'pending' AND due_at <= $1`,
          [clock.now()],
        );
        return n === 0;
      },
      { timeoutMs: WORKER_WAIT_MS, workers },
    );
    // Give the workers a few more sweeps in which they must find nothing to do.
    await new Promise((r) => setTimeout(r, 500));
    for (const w of workers)
      expect({ name: w.name, running: w.running }).toEqual({ name: w.name, running: true });

    const rows: (DeadlineRow & { case_id: string })[] = await db.ds.query(
      'SELECT case_id, key, kind, status, due_at, settled_at, event FROM deadlines ORDER BY case_id, due_at',
    );
    const statuses = (caseId: string) =>
      rows.filter((r) => r.case_id === caseId).map((r) => `${r.key} ${r.kind} ${r.status}`);
    for (const id of [...drafting, ...agreement])
      expect(statuses(id)).toEqual([
        'submission reminder fired',
        'submission reminder fired',
        'submission deadline fired',
      ]);
    for (const id of submitted)
      expect(statuses(id)).toEqual([
        'submission reminder cancelled',
        'submission reminder cancelled',
        'submission deadline cancelled',
        'noting reminder fired',
        'noting deadline fired',
        'assurance deadline fired',
      ]);
    expect(rows.filter((r) => r.status === 'fired')).toHaveLength(30);

    for (const id of all) {
      // One case event and one audit record per fired row: the same events, none twice.
      const fired = rows
        .filter((r) => r.case_id === id && r.status === 'fired')
        .map((r) => [r.event.type, r.event.key, r.event.workingDaysLeft ?? null].join(' '))
        .sort();
      const events: { type: string; payload: { key: string; workingDaysLeft?: number } }[] =
        await db.ds.query(
          `SELECT type, payload FROM case_events WHERE case_id = $1 AND seq > $2 ORDER BY seq`,
          [id, versionsBefore.get(id)],
        );
      expect(
        events
          .map((e) => [e.type, e.payload.key, e.payload.workingDaysLeft ?? null].join(' '))
          .sort(),
      ).toEqual(fired);
      const audit: { type: string; actor_kind: string }[] = await db.ds.query(
        `SELECT event->>'type' AS type, actor->>'kind' AS actor_kind FROM audit_records
          WHERE case_id = $1 AND seq > $2`,
        [id, versionsBefore.get(id)],
      );
      expect(audit).toHaveLength(3);
      expect(audit.every((a) => a.actor_kind === 'system')).toBe(true);
      const [{ version }]: { version: number }[] = await db.ds.query(
        'SELECT version FROM cases WHERE id = $1',
        [id],
      );
      expect(version).toBe(versionsBefore.get(id)! + 3);
      expect(await h.audit.verifyCase(world.tenantId, id)).toMatchObject({ ok: true });
    }

    // The emails the firings owe: drafting cases remind the officer twice and escalate to the
    // officer and the chair (4); cases awaiting agreement remind both signatories twice and
    // escalate (6); submitted cases remind and escalate the noting and chase the assurance (4).
    const effects: { case_id: string; message: string; n: number }[] = await db.ds.query(
      `SELECT case_id, payload->>'message' AS message, count(*)::int AS n FROM effects
        WHERE payload->>'message' LIKE '%-reminder' OR payload->>'message' LIKE '%-overdue'
        GROUP BY 1, 2`,
    );
    const count = (ids: string[], message: string) =>
      effects
        .filter((e) => ids.includes(e.case_id) && e.message === message)
        .reduce((s, e) => s + e.n, 0);
    expect(count(drafting, 'submission-reminder')).toBe(4 * 2);
    expect(count(drafting, 'submission-overdue')).toBe(4 * 2);
    expect(count(agreement, 'submission-reminder')).toBe(4 * 4);
    expect(count(agreement, 'submission-overdue')).toBe(4 * 2);
    expect(count(submitted, 'noting-reminder')).toBe(2 * 1);
    expect(count(submitted, 'noting-overdue')).toBe(2 * 2);
    expect(count(submitted, 'assurance-overdue')).toBe(2 * 1);
    expect(count(submitted, 'submission-overdue') + count(submitted, 'submission-reminder')).toBe(
      0,
    );
    const [{ n: effectsAfter }]: { n: number }[] = await db.ds.query(
      'SELECT count(*)::int AS n FROM effects',
    );
    expect(effectsAfter - effectsBefore).toBe(4 * 4 + 4 * 6 + 2 * 4);
  });
});
