import { randomUUID } from 'node:crypto';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { storedDocument, twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { DocumentStore } from './document-store.repository';
import {
  DocumentVersionsRepository,
  type NewDocumentVersion,
} from './document-versions.repository';

/*
 * An upload's repository on the documents takes the council's scope: scoped to council A, it
 * locks and marks replaced none of council B's documents and writes no version on B's cases,
 * whatever id it is given (outside every request's scope, where row-level security lets every row
 * through, ADR 0015).
 */
describe('document versions’ repository scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  let docOfB: { id: string; sha256: string };
  const repo = new DocumentVersionsRepository();

  const replacedBy = async (id: string): Promise<string | null> =>
    (
      (await db.ds.query(`SELECT replaced_by FROM documents WHERE id = $1`, [id])) as {
        replaced_by: string | null;
      }[]
    )[0].replaced_by;
  const version = (caseId: string, uploadedBy: string): NewDocumentVersion => {
    const id = randomUUID();
    return {
      id,
      caseId,
      name: 'The plan, revised',
      kind: 'plan',
      fileName: 'plan.txt',
      mediaType: 'text/plain',
      sha256: docOfB.sha256,
      sizeBytes: 4,
      uploadedBy,
      uploadedAt: new Date(),
      seriesId: docOfB.id,
      version: 2,
    };
  };

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
    docOfB = await storedDocument(db.ds, new DocumentStore(db.ds), w.b, w.caseOfB, 'B’s plan');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('locks none of another council’s current documents, and its own council’s', async () => {
    await db.ds.transaction(async (m) => {
      await expect(repo.lockCurrent(w.scopeA, m, w.caseOfB, docOfB.id)).resolves.toBeNull();
      await expect(repo.lockCurrent(w.scopeB, m, w.caseOfB, docOfB.id)).resolves.toEqual({
        seriesId: docOfB.id,
        version: 1,
      });
    });
  });

  it('writes no version on another council’s case, and one on its own council’s', async () => {
    const officerOfB = w.b.ids.people.officer;
    const refused = version(w.caseOfB, officerOfB);
    await expect(repo.insert(w.scopeA, db.ds.manager, refused)).rejects.toThrow(/not in the scope/);
    await expect(
      db.ds.query(`SELECT 1 FROM documents WHERE id = $1`, [refused.id]),
    ).resolves.toEqual([]);
    const written = version(w.caseOfB, officerOfB);
    await repo.insert(w.scopeB, db.ds.manager, written);
    await expect(
      db.ds.query(`SELECT tenant_id, case_id FROM documents WHERE id = $1`, [written.id]),
    ).resolves.toEqual([{ tenant_id: w.b.tenantId, case_id: w.caseOfB }]);
  });

  it('marks none of another council’s documents replaced', async () => {
    const by = randomUUID();
    await repo.markReplaced(w.scopeA, db.ds.manager, docOfB.id, by);
    await expect(replacedBy(docOfB.id)).resolves.toBeNull();
    await repo.markReplaced(w.scopeB, db.ds.manager, docOfB.id, by);
    await expect(replacedBy(docOfB.id)).resolves.toBe(by);
  });
});
