import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import {
  closedYearsAgo,
  storedDocument,
  twoCouncils,
  type TwoCouncils,
} from '../testing/two-councils.factory';
import { DocumentRetentionRepository } from './document-retention.repository';
import { DocumentStore } from './document-store.repository';

/*
 * Retention's repository on the documents takes the council's scope: scoped to council A, it finds
 * none of council B's documents due, and locks, disposes of and holds none of them, whatever id it
 * is given (outside every request's scope, where row-level security lets every row through,
 * ADR 0015).
 */
describe('document retention’s repository scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  let docOfB: { id: string };
  const repo = new DocumentRetentionRepository();
  const rules = [{ kind: 'plan', keepYears: 6 }];
  const now = new Date();

  const rowOf = async (id: string) =>
    (
      (await db.ds.query(`SELECT disposed_at, legal_hold FROM documents WHERE id = $1`, [id])) as {
        disposed_at: Date | null;
        legal_hold: string | null;
      }[]
    )[0];

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
    docOfB = await storedDocument(db.ds, new DocumentStore(db.ds), w.b, w.caseOfB, 'B’s plan');
    await closedYearsAgo(db.ds, w.caseOfB, 7);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('finds none of another council’s documents due, and its own council’s', async () => {
    const m = db.ds.manager;
    await expect(repo.due(w.scopeA, m, rules, now)).resolves.toEqual([]);
    expect((await repo.due(w.scopeB, m, rules, now)).map((d) => d.id)).toEqual([docOfB.id]);
  });

  it('holds and lifts no hold on another council’s document', async () => {
    const t = { caseId: w.caseOfB, documentId: docOfB.id, hold: 'A claim' };
    await db.ds.transaction(async (m) => {
      await expect(repo.setHold(w.scopeA, m, t)).resolves.toEqual([]);
    });
    await expect(rowOf(docOfB.id)).resolves.toMatchObject({ legal_hold: null });
    await db.ds.transaction(async (m) => {
      expect((await repo.setHold(w.scopeB, m, t)).map((d) => d.id)).toEqual([docOfB.id]);
    });
    await expect(rowOf(docOfB.id)).resolves.toMatchObject({ legal_hold: 'A claim' });
    await db.ds.transaction(async (m) => {
      await expect(repo.setHold(w.scopeA, m, { ...t, hold: null })).resolves.toEqual([]);
    });
    await expect(rowOf(docOfB.id)).resolves.toMatchObject({ legal_hold: 'A claim' });
    await db.ds.transaction(async (m) => {
      await repo.setHold(w.scopeB, m, { ...t, hold: null });
    });
  });

  it('locks and disposes of none of another council’s documents', async () => {
    const t = { id: docOfB.id, at: now, rule: 'plan: kept 6 years after the case closed' };
    await db.ds.transaction(async (m) => {
      await expect(repo.lockStillDisposable(w.scopeA, m, docOfB.id)).resolves.toBe(false);
      await repo.markDisposed(w.scopeA, m, t);
    });
    await expect(rowOf(docOfB.id)).resolves.toMatchObject({ disposed_at: null });
    await db.ds.transaction(async (m) => {
      await expect(repo.lockStillDisposable(w.scopeB, m, docOfB.id)).resolves.toBe(true);
      await repo.markDisposed(w.scopeB, m, t);
    });
    await expect(rowOf(docOfB.id)).resolves.toMatchObject({ disposed_at: now });
  });
});
