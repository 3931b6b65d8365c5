import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { CalendarFeedRepository } from './calendar-feed.repository';

/*
 * The feeds read whom a pending deadline concerns from deadline_concerns, which triggers keep
 * (migration 1796440700000). Whatever writes a case or its deadlines, the feeds must still give
 * what the case's own columns say: each step below writes as a writer would, and compares the
 * feeds with a reading of cases.awaiting_person_ids and cases.roles themselves (the feeds' SQL
 * before the table, kept here as the reference).
 */
const AWAITING = `SELECT d.id, d.due_at FROM deadlines d JOIN cases c ON c.id = d.case_id AND c.tenant_id = d.tenant_id
   WHERE d.tenant_id = $1 AND $2::uuid = ANY(c.awaiting_person_ids) AND d.status = 'pending'
     AND d.kind = 'deadline' AND d.due_at < $3 ORDER BY d.due_at, d.id`;
const OF_BODY = `SELECT d.id, d.due_at FROM deadlines d JOIN cases c ON c.id = d.case_id AND c.tenant_id = d.tenant_id
   WHERE d.tenant_id = $1 AND d.status = 'pending' AND d.kind = 'deadline' AND EXISTS (
     SELECT 1 FROM jsonb_each(c.roles) r JOIN delegations g ON g.id::text = r.value->>'delegationId'
      WHERE g.tenant_id = c.tenant_id AND g.delegator_body_id = $2)
     AND d.due_at < $3 ORDER BY d.due_at, d.id`;

describe('a calendar feed’s deadlines, as cases and their deadlines are written', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  let repo: CalendarFeedRepository;
  const until = new Date('2100-01-01T00:00:00Z');
  let people: string[];
  let bodies: string[];

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
    repo = new CalendarFeedRepository(db.ds);
    people = Object.values(w.a.ids.people);
    bodies = Object.values(w.a.ids.bodies);
  });

  afterAll(async () => {
    await db?.drop();
  });

  const pick = (rows: { id: string; due_at: Date }[]) =>
    rows.map((r) => ({ id: r.id, due: new Date(r.due_at).toISOString() }));

  /** Every person's and body's feed of council A against what the cases' columns say. */
  async function expectFeedsAsTheCasesSay(): Promise<number> {
    let seen = 0;
    for (const person of people) {
      const said = pick(await db.ds.query(AWAITING, [w.a.tenantId, person, until]));
      expect(pick(await repo.deadlinesAwaiting(w.scopeA, person, until))).toEqual(said);
      seen += said.length;
    }
    for (const body of bodies) {
      const said = pick(await db.ds.query(OF_BODY, [w.a.tenantId, body, until]));
      expect(pick(await repo.deadlinesOfBody(w.scopeA, body, until))).toEqual(said);
      seen += said.length;
    }
    return seen;
  }

  const caseRow = async () =>
    (
      (await db.ds.query('SELECT awaiting_person_ids AS awaited, roles FROM cases WHERE id = $1', [
        w.caseOfA,
      ])) as { awaited: string[]; roles: unknown }[]
    )[0];

  it('gives the deadlines of a case the engine opened, to whom it waits for and its bodies', async () => {
    // The BCF case waits for someone and is decided under the board's delegation at its opening.
    await db.ds.query(
      `INSERT INTO deadlines (tenant_id, case_id, key, kind, event, due_at, status, armed_at_version)
       VALUES ($1, $2, 'national-submission', 'deadline',
               '{"type":"DEADLINE_PASSED","key":"national-submission"}', '2031-11-17T00:00:00Z', 'pending', 1)`,
      [w.a.tenantId, w.caseOfA],
    );
    expect(await expectFeedsAsTheCasesSay()).toBeGreaterThanOrEqual(2);
  });

  it('follows whom the case waits for as it changes', async () => {
    const { awaited } = await caseRow();
    await db.ds.query("UPDATE cases SET awaiting_person_ids = '{}' WHERE id = $1", [w.caseOfA]);
    await expectFeedsAsTheCasesSay();
    await db.ds.query('UPDATE cases SET awaiting_person_ids = $2::uuid[] WHERE id = $1', [
      w.caseOfA,
      [w.a.ids.people.chair, ...awaited],
    ]);
    await expectFeedsAsTheCasesSay();
    await db.ds.query('UPDATE cases SET awaiting_person_ids = $2::uuid[] WHERE id = $1', [
      w.caseOfA,
      awaited,
    ]);
    await expectFeedsAsTheCasesSay();
  });

  it('follows the case’s roles as they are filled and emptied', async () => {
    const { roles } = await caseRow();
    await db.ds.query("UPDATE cases SET roles = '{}' WHERE id = $1", [w.caseOfA]);
    await expectFeedsAsTheCasesSay();
    await db.ds.query('UPDATE cases SET roles = $2 WHERE id = $1', [
      w.caseOfA,
      JSON.stringify(roles),
    ]);
    expect(await expectFeedsAsTheCasesSay()).toBeGreaterThanOrEqual(2);
  });

  it('follows a deadline settled, suspended, moved and brought back, and deleted', async () => {
    const [{ id }] = (await db.ds.query(
      "SELECT id FROM deadlines WHERE case_id = $1 AND status = 'pending' AND kind = 'deadline' LIMIT 1",
      [w.caseOfA],
    )) as { id: string }[];
    for (const set of [
      "status = 'suspended'",
      "status = 'pending', due_at = '2032-03-01T00:00:00Z'",
      "due_at = '2030-01-01T00:00:00Z'",
      "status = 'fired', settled_at = now()",
      "status = 'pending', settled_at = NULL",
    ]) {
      await db.ds.query(`UPDATE deadlines SET ${set} WHERE id = $1`, [id]);
      await expectFeedsAsTheCasesSay();
    }
    await db.ds.query('DELETE FROM deadlines WHERE id = $1', [id]);
    await expectFeedsAsTheCasesSay();
  });

  it('sees a statement that writes the case and arms its deadline together whole', async () => {
    await db.ds.query(
      `WITH moved AS (UPDATE cases SET awaiting_person_ids = ARRAY[$3::uuid] WHERE id = $2 RETURNING id)
       INSERT INTO deadlines (tenant_id, case_id, key, kind, event, due_at, status, armed_at_version)
       SELECT $1, id, 'together', 'deadline', '{"type":"DEADLINE_PASSED","key":"together"}',
              '2033-05-05T00:00:00Z', 'pending', 2 FROM moved`,
      [w.a.tenantId, w.caseOfA, w.a.ids.people.ceo],
    );
    expect(
      pick(await repo.deadlinesAwaiting(w.scopeA, w.a.ids.people.ceo, until)).map((d) => d.due),
    ).toContain('2033-05-05T00:00:00.000Z');
    await expectFeedsAsTheCasesSay();
  });
});
