import { Client } from 'pg';
import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../testing/world.factory';

/**
 * An appointment names its holder in every case bound to the office (case_people, migration
 * 1796442600000) and then hands those cases over, locking them in id order (lockOpenBound). A send
 * that names the same person in one of them for the first time holds its case and writes the same
 * case_people row. review12 showed them deadlocking when the appointment wrote its rows before it
 * locked the cases; migration 1796442700000 locks first; 1796443100000 locks each case, in id
 * order, just before writing its row, in the same statement.
 */
describe('an appointment and a send naming the same person in a bound case', () => {
  let db: TestDatabase;
  let world: BcfWorld;
  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildBcfWorld(db.ds);
  });
  afterAll(async () => {
    await db.drop();
  });

  const connected = async () => {
    const c = new Client({ connectionString: db.ownerUrl });
    await c.connect();
    const [{ pid }] = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    return { c, pid };
  };
  /** Until `pid` waits for a lock or `ended()` says its statement is over. */
  const untilWaitingOrEnded = async (pid: number, ended: () => boolean) => {
    for (;;) {
      const waiting = await db.superuser(
        "SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'",
        [pid],
      );
      if (waiting.length || ended()) return;
      await new Promise((r) => setImmediate(r));
    }
  };
  const settledFlag = (p: Promise<unknown>) => {
    const flag = { ended: false };
    void p.then(
      () => (flag.ended = true),
      () => (flag.ended = true),
    );
    return flag;
  };

  it('both commit: the appointment waits for the send before it names anyone', async () => {
    const engine = engineHarness(db.ds);
    const { caseId } = await engine.open.open(openBcfCaseBody(world), world.actors.officer);
    const [person] = await db.superuser<{ id: string }>(
      `INSERT INTO people (tenant_id, name, email, is_officer) VALUES ($1, 'Ada Newly', $2, true) RETURNING id`,
      [world.tenantId, `ada-newly-${caseId.slice(0, 8)}@example.test`],
    );
    const [{ version }] = await db.superuser<{ version: number }>(
      'SELECT version FROM cases WHERE id = $1',
      [caseId],
    );
    const a = await connected();
    const b = await connected();
    try {
      await a.c.query('BEGIN');
      await b.c.query('BEGIN');
      // The send holds its case, as the engine's write does.
      await b.c.query('UPDATE cases SET updated_at = now(), version = version + 1 WHERE id = $1', [
        caseId,
      ]);
      // The appointment of the new person to the office the case's Chief Executive role binds.
      const appointed = a.c.query(
        `INSERT INTO office_holders (tenant_id, office_id, person_id, held_from, kind)
         VALUES ($1, $2, $3, current_date, 'substantive')`,
        [world.tenantId, world.ids.offices.ceo, person.id],
      );
      // With the rows written first the insert ends; locking first, it waits for the send's case.
      const aInserted = settledFlag(appointed);
      await untilWaitingOrEnded(a.pid, () => aInserted.ended);
      // The send's event, its sender the new holder: the first time the case names them.
      const sent = b.c
        .query(
          `INSERT INTO case_events (tenant_id, case_id, seq, type, payload, actor_person_id, authority, occurred_at)
           VALUES ($1, $2, $3, 'NOTE', '{}', $4, '{}', now())`,
          [world.tenantId, caseId, version + 1, person.id],
        )
        .then(() => b.c.query('COMMIT'));
      const bSent = settledFlag(sent);
      await untilWaitingOrEnded(b.pid, () => bSent.ended);
      // The appointment's hand-over locks the bound open cases in id order.
      const handedOver = appointed
        .then(() =>
          a.c.query('SELECT id FROM cases WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [
            world.tenantId,
            caseId,
          ]),
        )
        .then(() => a.c.query('COMMIT'));
      const settled = await Promise.allSettled([handedOver, sent]);
      expect(
        settled.flatMap((s) => (s.status === 'rejected' ? [(s.reason as Error).message] : [])),
      ).toEqual([]);
      expect(
        await db.superuser('SELECT 1 FROM case_people WHERE case_id = $1 AND person_id = $2', [
          caseId,
          person.id,
        ]),
      ).toHaveLength(1);
    } finally {
      await a.c.end().catch(() => undefined);
      await b.c.end().catch(() => undefined);
    }
  });

  it('both commit when the appointment has named the holder in a lower case and waits for a higher one a send holds', async () => {
    const engine = engineHarness(db.ds);
    const opened = [
      (await engine.open.open(openBcfCaseBody(world), world.actors.officer)).caseId,
      (await engine.open.open(openBcfCaseBody(world), world.actors.officer)).caseId,
    ];
    const [lower, higher] = opened.sort();
    const [person] = await db.superuser<{ id: string }>(
      `INSERT INTO people (tenant_id, name, email, is_officer) VALUES ($1, 'Bo Newly', $2, true) RETURNING id`,
      [world.tenantId, `bo-newly-${higher.slice(0, 8)}@example.test`],
    );
    const [{ version }] = await db.superuser<{ version: number }>(
      'SELECT version FROM cases WHERE id = $1',
      [higher],
    );
    const a = await connected();
    const b = await connected();
    try {
      await a.c.query('BEGIN');
      await b.c.query('BEGIN');
      // The send holds the higher case.
      await b.c.query('UPDATE cases SET updated_at = now(), version = version + 1 WHERE id = $1', [
        higher,
      ]);
      // The appointment locks the lower case, names the holder there, and waits for the higher.
      const appointed = a.c.query(
        `INSERT INTO office_holders (tenant_id, office_id, person_id, held_from, kind)
         VALUES ($1, $2, $3, current_date, 'substantive')`,
        [world.tenantId, world.ids.offices.ceo, person.id],
      );
      const aInserted = settledFlag(appointed);
      await untilWaitingOrEnded(a.pid, () => aInserted.ended);
      // The send's event names the new holder in the higher case, whose row the appointment has not written.
      const sent = b.c
        .query(
          `INSERT INTO case_events (tenant_id, case_id, seq, type, payload, actor_person_id, authority, occurred_at)
           VALUES ($1, $2, $3, 'NOTE', '{}', $4, '{}', now())`,
          [world.tenantId, higher, version + 1, person.id],
        )
        .then(() => b.c.query('COMMIT'));
      // Then the hand-over locks the bound open cases in id order, as lockOpenBound does.
      const handedOver = appointed
        .then(() =>
          a.c.query(
            'SELECT id FROM cases WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE',
            [world.tenantId, [lower, higher]],
          ),
        )
        .then(() => a.c.query('COMMIT'));
      const settled = await Promise.allSettled([handedOver, sent]);
      expect(
        settled.flatMap((s) => (s.status === 'rejected' ? [(s.reason as Error).message] : [])),
      ).toEqual([]);
      expect(
        await db.superuser<{ case_id: string }>(
          `SELECT case_id FROM case_people WHERE person_id = $1 AND case_id = ANY($2::uuid[])
            ORDER BY case_id`,
          [person.id, [lower, higher]],
        ),
      ).toEqual([{ case_id: lower }, { case_id: higher }]);
    } finally {
      await a.c.end().catch(() => undefined);
      await b.c.end().catch(() => undefined);
    }
  });
});
