import { acrossCouncils } from '../core/across-councils';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { CalendarFeedRepository } from './calendar-feed.repository';

/*
 * The calendar feeds' repository takes the council's scope: scoped to council A, it reads none of
 * council B's requests, deadlines or meetings, whichever of B's people or bodies it is given. The
 * calls run outside every request's scope, where row-level security lets every row through
 * (ADR 0015): what keeps B's rows out is the repository's own clause.
 */
describe('the calendar feeds’ repository scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  let repo: CalendarFeedRepository;
  const until = new Date('2100-01-01T00:00:00Z');
  const [from, to] = ['2021-01-01', '2021-12-31'];

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
    repo = new CalendarFeedRepository(db.ds);
    const { tenantId, ids } = w.b;
    // B's case waits for B's chief executive, who has a request open and a deadline ahead.
    await db.ds.query(`UPDATE cases SET awaiting_person_ids = ARRAY[$1]::uuid[] WHERE id = $2`, [
      ids.people.ceo,
      w.caseOfB,
    ]);
    await db.ds.query(
      `INSERT INTO action_links (tenant_id, case_id, person_id, role, request, allowed_responses,
                                 document_hashes, token_hash, status, created_at)
       VALUES ($1, $2, $3, 'chiefExecutive', 'agreement-requested', '{}', '[]', md5(random()::text), 'open', now())`,
      [tenantId, w.caseOfB, ids.people.ceo],
    );
    await db.ds.query(
      `INSERT INTO deadlines (tenant_id, case_id, key, kind, event, due_at, status, armed_at_version)
       VALUES ($1, $2, 'national-submission', 'deadline',
               '{"type":"DEADLINE_PASSED","key":"national-submission"}', '2021-11-17T00:00:00Z', 'pending', 1)`,
      [tenantId, w.caseOfB],
    );
    await db.ds.query(
      `INSERT INTO meetings (tenant_id, body_id, meeting_date, title, created_by, created_at)
       VALUES ($1, $2, '2021-10-21', 'Health and Wellbeing Board, October', $3, now())`,
      [tenantId, ids.bodies.hwbb, ids.people.officer],
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('finds the council of a person or a body across councils, and no other', async () => {
    const lookUp = acrossCouncils('council look-up');
    await expect(repo.councilOf(lookUp, 'people', w.b.ids.people.ceo)).resolves.toBe(w.b.tenantId);
    await expect(repo.councilOf(lookUp, 'bodies', w.a.ids.bodies.hwbb)).resolves.toBe(w.a.tenantId);
  });

  it('reads none of another council’s open requests or the deadlines of its cases', async () => {
    const ceoOfB = w.b.ids.people.ceo;
    await expect(repo.openRequestsOf(w.scopeA, ceoOfB)).resolves.toEqual([]);
    await expect(repo.openRequestsOf(w.scopeB, ceoOfB)).resolves.toHaveLength(1);
    await expect(repo.deadlinesAwaiting(w.scopeA, ceoOfB, until)).resolves.toEqual([]);
    expect(await repo.deadlinesAwaiting(w.scopeB, ceoOfB, until)).not.toEqual([]);
  });

  it('reads none of another council’s body’s deadlines', async () => {
    const hwbbOfB = w.b.ids.bodies.hwbb;
    await expect(repo.deadlinesOfBody(w.scopeA, hwbbOfB, until)).resolves.toEqual([]);
    expect(await repo.deadlinesOfBody(w.scopeB, hwbbOfB, until)).not.toEqual([]);
  });

  it('reads none of another council’s meetings, by its body or by its members', async () => {
    const { bodies, people } = w.b.ids;
    await expect(repo.meetingsOfBody(w.scopeA, bodies.hwbb, from, to)).resolves.toEqual([]);
    await expect(repo.meetingsOfBody(w.scopeB, bodies.hwbb, from, to)).resolves.toHaveLength(1);
    await expect(repo.meetingsOfMember(w.scopeA, people.chair, from, to)).resolves.toEqual([]);
    await expect(repo.meetingsOfMember(w.scopeB, people.chair, from, to)).resolves.toHaveLength(1);
  });
});
