import { Client } from 'pg';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';

/*
 * review10: deadline_concerns (migration 1796440700000) holds rows only for pending deadlines, and
 * for each the people its case awaits and its bodies. The engine changes whom a case awaits (the
 * cases trigger) while the sweep settles one of its deadlines, or a deadline is armed, without a
 * lock on the case (the deadlines trigger). Under READ COMMITTED each trigger saw only what the
 * other had committed: rows of a settled deadline were left, or an armed one missed a person.
 * Each test holds one side's transaction open, lets the other run until it waits on a lock or is
 * done, commits, and compares the table with what the case's own columns say.
 */
describe('deadline_concerns under a concurrent case write and deadline write (review10)', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  let a: Client;
  let b: Client;
  /** Each client's backend, asked before it runs anything that may wait. */
  const pids = new Map<Client, number>();

  /** As the app connects: the runtime role, bound to council A. */
  const bound = async () => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    await c.query("SELECT set_config('app.tenant_id', $1, false)", [w.a.tenantId]);
    pids.set(c, (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number);
    return c;
  };

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
    a = await bound();
    b = await bound();
  });

  afterAll(async () => {
    await a?.end();
    await b?.end();
    await db?.drop();
  });

  /** Until `c`'s statement waits on a lock, or is done: the fixed triggers wait, the old did not. */
  async function untilWaitingOrDone(c: Client, statement: Promise<unknown>): Promise<void> {
    const pid = pids.get(c);
    let done = false;
    void statement.then(
      () => (done = true),
      () => (done = true),
    );
    for (;;) {
      const waiting = await db.superuser(
        "SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'",
        [pid],
      );
      if (waiting.length || done) return;
      await new Promise((r) => setImmediate(r));
    }
  }

  const ARM = `INSERT INTO deadlines (tenant_id, case_id, key, kind, event, due_at, status, armed_at_version)
     VALUES ($1, $2, $3, 'deadline', jsonb_build_object('type', 'DEADLINE_PASSED', 'key', $3::text),
             '2031-11-17T00:00:00Z', 'pending', 1) RETURNING id`;
  const arm = (c: Client, key: string) => c.query(ARM, [w.a.tenantId, w.caseOfA, key]);
  const armed = async (key: string) =>
    (await db.superuser<{ id: string }>(ARM, [w.a.tenantId, w.caseOfA, key]))[0].id;
  const settle = (c: Client, id: string) =>
    c.query("UPDATE deadlines SET status = 'fired', settled_at = now() WHERE id = $1", [id]);
  const awaitPerson = (c: Client, person: string) =>
    c.query(
      `UPDATE cases SET awaiting_person_ids = array_append(array_remove(awaiting_person_ids, $2::uuid), $2::uuid)
        WHERE id = $1`,
      [w.caseOfA, person],
    );
  const stopAwaiting = (person: string) =>
    db.superuser(
      'UPDATE cases SET awaiting_person_ids = array_remove(awaiting_person_ids, $2::uuid) WHERE id = $1',
      [w.caseOfA, person],
    );

  /** The case's rows as kept, and as its pending deadlines and own columns say they should be. */
  async function keptAndSaid(): Promise<{ kept: string[]; said: string[] }> {
    const rows = (sql: string) =>
      db.superuser<{ r: string }>(sql, [w.caseOfA]).then((x) => x.map((y) => y.r).sort());
    return {
      kept: await rows(`SELECT k.deadline_id || ' ' || k.concerns || ' ' || k.subject_id AS r
                          FROM deadline_concerns k WHERE k.case_id = $1`),
      said: await rows(`SELECT d.id || ' ' || k.concerns || ' ' || k.subject_id AS r
                          FROM deadlines d JOIN cases c ON c.id = d.case_id, deadline_concerns_of_case(c) k
                         WHERE d.case_id = $1 AND d.status = 'pending' AND d.kind = 'deadline'`),
    };
  }

  async function expectKeptAsSaid(): Promise<void> {
    const { kept, said } = await keptAndSaid();
    expect(said.length).toBeGreaterThan(0);
    expect(kept).toEqual(said);
  }

  it('keeps no row for a deadline the sweep settled while the engine’s change of whom the case awaits was open', async () => {
    const id = await armed('race-settle-after');
    await stopAwaiting(w.a.ids.people.chair);

    await a.query('BEGIN');
    await awaitPerson(a, w.a.ids.people.chair);
    const settled = settle(b, id);
    await untilWaitingOrDone(b, settled);
    await a.query('COMMIT');
    await settled;

    const { kept } = await keptAndSaid();
    expect(kept.filter((r) => r.startsWith(id))).toEqual([]);
    await expectKeptAsSaid();
  });

  it('keeps no row for a deadline the sweep settled before the engine changed whom the case awaits', async () => {
    const id = await armed('race-settle-before');
    await stopAwaiting(w.a.ids.people.chair);

    await b.query('BEGIN');
    await settle(b, id);
    const changed = awaitPerson(a, w.a.ids.people.chair);
    await untilWaitingOrDone(a, changed);
    await b.query('COMMIT');
    await changed;

    const { kept } = await keptAndSaid();
    expect(kept.filter((r) => r.startsWith(id))).toEqual([]);
    await expectKeptAsSaid();
  });

  it('gives a deadline armed while the engine’s change of whom the case awaits was open the person newly awaited', async () => {
    await stopAwaiting(w.a.ids.people.gp);

    await a.query('BEGIN');
    await awaitPerson(a, w.a.ids.people.gp);
    const arming = arm(b, 'race-arm-after');
    await untilWaitingOrDone(b, arming);
    await a.query('COMMIT');
    await arming;

    await expectKeptAsSaid();
  });

  it('gives a deadline armed before the engine changed whom the case awaits the person newly awaited', async () => {
    await stopAwaiting(w.a.ids.people.ao);

    await b.query('BEGIN');
    await arm(b, 'race-arm-before');
    const changed = awaitPerson(a, w.a.ids.people.ao);
    await untilWaitingOrDone(a, changed);
    await b.query('COMMIT');
    await changed;

    await expectKeptAsSaid();
  });
});
