import { engineHarness } from '../libs/testing/engine-harness.service';
import { ASSURANCE_PASSED, type DeadlineRow } from '../libs/testing/bcf-deadlines-2021.fixture';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import {
  ClockFile,
  freePort,
  waitUntil,
  WorkerProcess,
  WORKER_TEST_TIMEOUT_MS,
  WORKER_WAIT_MS,
} from '../libs/testing/worker-process.service';
import { BcfWorld, buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

// Worker processes start slowly on a busy machine: the waits inside are for conditions.
jest.setTimeout(WORKER_TEST_TIMEOUT_MS);

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
      workers.push(
        WorkerProcess.start(name, {
          databaseUrl: db.url,
          clockFile: clock,
          metricsPort: await freePort(),
        }),
      );
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
    // Each worker sweeps three more times, each of which must find nothing to do: the run that
    // may have been under way when nothing was pending ends, and two more begin after it and end.
    const runsThen = await Promise.all(workers.map((w) => w.jobRuns('deadline-sweep')));
    await waitUntil(
      'each worker has completed three more sweeps',
      async () =>
        (await Promise.all(workers.map((w) => w.jobRuns('deadline-sweep')))).every(
          (n, i) => n >= runsThen[i] + 3,
        ),
      { timeoutMs: WORKER_WAIT_MS, workers },
    );
    // What the three fired between them, by their own counts: each row once, none in those sweeps.
    const firedByWorkers = await Promise.all(
      workers.map((w) => w.jobItems('deadline-sweep', 'fired')),
    );
    expect(firedByWorkers.reduce((a, b) => a + b, 0)).toBe(30);
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
