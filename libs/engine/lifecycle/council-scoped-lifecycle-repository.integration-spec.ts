import type { EntityManager } from 'typeorm';
import { engineHarness } from '../../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../../testing/two-councils.factory';
import { LifecycleRepository } from './lifecycle.repository';

/*
 * The lifecycle's repository keeps every read and write to the council of its scope: given the id
 * of council B's case, its links or its deadlines, a call scoped to council A reads none of them
 * and changes none (outside every request's scope, where row-level security lets every row
 * through, ADR 0015, so what keeps them apart is the repository's own clause).
 */
describe('the lifecycle repository scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  const lifecycle = new LifecycleRepository();

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
    // Council B's case waits for agreement: links out to two people, a deadline pending.
    await engineHarness(db.ds).send.send(
      w.caseOfB,
      { type: 'SEEK_AGREEMENT', payload: {} },
      w.b.actors.officer,
      { expectedVersion: 1 },
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  const caseOfB = async (m: EntityManager) =>
    (
      await m.query(
        `SELECT lifecycle_status AS status, lifecycle_reason AS reason, roles FROM cases WHERE id = $1`,
        [w.caseOfB],
      )
    )[0] as { status: string; reason: string | null; roles: unknown };
  const deadlinesOfB = async (m: EntityManager) =>
    (await m.query(`SELECT status FROM deadlines WHERE case_id = $1 ORDER BY id`, [w.caseOfB])).map(
      (d: { status: string }) => d.status,
    ) as string[];
  const emailsOfB = async (m: EntityManager) =>
    Number(
      (await m.query(`SELECT count(*) AS n FROM effects WHERE case_id = $1`, [w.caseOfB]))[0].n,
    );

  it('reads none of another council’s open links or requests', async () => {
    const m = db.ds.manager;
    const theirs = await lifecycle.openLinks(w.scopeB, m, w.caseOfB);
    expect(theirs.map((l) => l.role).sort()).toEqual(['accountableOfficer', 'chiefExecutive']);
    await expect(lifecycle.openLinks(w.scopeA, m, w.caseOfB)).resolves.toEqual([]);
    await expect(lifecycle.openLinks(w.scopeA, m, w.caseOfB, ['chiefExecutive'])).resolves.toEqual(
      [],
    );

    const [asked] = theirs.filter((l) => l.role === 'chiefExecutive');
    const requestOf = (scope: TwoCouncils['scopeA']) =>
      lifecycle.openRequests(scope, m, w.caseOfB, 'chiefExecutive', [asked.message]);
    expect(await requestOf(w.scopeB)).toEqual([
      { message: asked.message, personId: asked.person.id },
    ]);
    await expect(requestOf(w.scopeA)).resolves.toEqual([]);
  });

  it('reads none of another council’s requests sent without a link', async () => {
    await db.ds
      .transaction(async (m) => {
        // The request's link settled: what is left of it is the email in the outbox.
        await m.query(`UPDATE action_links SET status = 'answered' WHERE case_id = $1`, [
          w.caseOfB,
        ]);
        const sent: { message: string }[] = await m.query(
          `SELECT DISTINCT payload->>'message' AS message FROM effects
          WHERE case_id = $1 AND payload->>'role' = 'chiefExecutive'`,
          [w.caseOfB],
        );
        const messages = sent.map((s) => s.message);
        expect(messages.length).toBeGreaterThan(0);
        const requestOf = (scope: TwoCouncils['scopeA']) =>
          lifecycle.openRequests(scope, m, w.caseOfB, 'chiefExecutive', messages);
        expect((await requestOf(w.scopeB)).length).toBeGreaterThan(0);
        await expect(requestOf(w.scopeA)).resolves.toEqual([]);
        throw new RolledBack(); // nothing of this test stays
      })
      .catch((e: unknown) => {
        if (!(e instanceof RolledBack)) throw e;
      });
  });

  it('voids none of another council’s links', async () => {
    const m = db.ds.manager;
    const theirs = await lifecycle.openLinks(w.scopeB, m, w.caseOfB);
    await lifecycle.voidLinks(
      w.scopeA,
      m,
      theirs.map((l) => l.id),
      new Date(),
      'voided by another council',
    );
    expect(await lifecycle.openLinks(w.scopeB, m, w.caseOfB)).toEqual(theirs);
  });

  it('changes neither the lifecycle nor the roles of another council’s case', async () => {
    const m = db.ds.manager;
    const before = await caseOfB(m);
    expect(before.status).toBe('active');
    await lifecycle.setLifecycle(w.scopeA, m, w.caseOfB, {
      status: 'withdrawn',
      since: new Date(),
      reason: 'Withdrawn by another council',
    });
    await lifecycle.setRoles(w.scopeA, m, w.caseOfB, {});
    expect(await caseOfB(m)).toEqual(before);
  });

  it('suspends, reads, reinstates and cancels none of another council’s deadlines', async () => {
    const m = db.ds.manager;
    const pending = await deadlinesOfB(m);
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((s) => s === 'pending')).toBe(true);
    await expect(lifecycle.suspendDeadlines(w.scopeA, m, w.caseOfB)).resolves.toBe(0);
    await expect(lifecycle.cancelDeadlines(w.scopeA, m, w.caseOfB, new Date())).resolves.toBe(0);
    expect(await deadlinesOfB(m)).toEqual(pending);

    // Suspended by its own council (a pause), they are still not another council's to read or move.
    await expect(lifecycle.suspendDeadlines(w.scopeB, m, w.caseOfB)).resolves.toBe(pending.length);
    await expect(lifecycle.suspendedDeadlines(w.scopeA, m, w.caseOfB)).resolves.toEqual([]);
    const suspended = await lifecycle.suspendedDeadlines(w.scopeB, m, w.caseOfB);
    expect(suspended).toHaveLength(pending.length);
    await lifecycle.reinstateDeadlines(
      w.scopeA,
      m,
      suspended.map((d) => ({ id: d.id, dueAt: new Date() })),
    );
    await expect(lifecycle.cancelDeadlines(w.scopeA, m, w.caseOfB, new Date())).resolves.toBe(0);
    expect((await deadlinesOfB(m)).every((s) => s === 'suspended')).toBe(true);
    await lifecycle.reinstateDeadlines(w.scopeB, m, suspended);
    expect(await deadlinesOfB(m)).toEqual(pending);
  });

  it('queues no email for another council’s case', async () => {
    const m = db.ds.manager;
    const before = await emailsOfB(m);
    await lifecycle.queueEmails(w.scopeA, m, { caseId: w.caseOfB, at: new Date() }, [
      { message: 'case-withdrawn', role: 'chiefExecutive' },
    ]);
    expect(await emailsOfB(m)).toBe(before);
    const ofA: { n: string }[] = await m.query(
      `SELECT count(*) AS n FROM effects WHERE tenant_id = $1 AND case_id = $2`,
      [w.scopeA.tenantId, w.caseOfB],
    );
    expect(Number(ofA[0].n)).toBe(0);
  });
});

class RolledBack extends Error {}
