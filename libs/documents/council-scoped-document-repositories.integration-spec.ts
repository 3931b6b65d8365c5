import { AuditRepository } from '../audit/audit.repository';
import { randomUUID } from 'node:crypto';
import { ResponseEvidenceRepository } from '../audit/response-evidence.repository';
import { CaseNotFoundError } from '../errors/domain.errors';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import {
  closedYearsAgo,
  storedDocument,
  twoCouncils,
  type TwoCouncils,
} from '../testing/two-councils.factory';
import { DocumentFactsRepository } from './document-facts.repository';
import { DocumentStore } from './document-store.repository';
import { DocumentsRepository } from './documents.repository';
import { PersonalDataHoldRepository } from './personal-data-hold.repository';
import { PersonalDataRepository } from './personal-data.repository';
import { RetentionScheduleRepository } from './retention-schedule.repository';

async function bytesOf(source: AsyncIterable<Buffer>): Promise<string> {
  const pieces: Buffer[] = [];
  for await (const piece of source) pieces.push(piece);
  return Buffer.concat(pieces).toString('utf8');
}

/*
 * Documents' and retention's repositories take the council's scope: a call scoped to council A
 * reads, disposes of and records on none of council B's documents, cases or schedule, whatever id
 * it is given (outside every request's scope, where row-level security lets every row through,
 * ADR 0015).
 */
describe('document and retention repositories scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  let store: DocumentStore;
  let docOfB: { id: string; sha256: string; sizeBytes: number };

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
    store = new DocumentStore(db.ds);
    docOfB = await storedDocument(db.ds, store, w.b, w.caseOfB, 'The plan of council B');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('does not list, find or read another council’s documents', async () => {
    const m = db.ds.manager;
    const { scopeA, scopeB, caseOfB } = w;
    expect((await DocumentsRepository.ofCase(scopeB, m, caseOfB)).map((d) => d.id)).toEqual([
      docOfB.id,
    ]);
    await expect(DocumentsRepository.ofCase(scopeA, m, caseOfB)).resolves.toEqual([]);
    await expect(DocumentsRepository.one(scopeA, m, caseOfB, docOfB.id)).resolves.toBeNull();
    await expect(DocumentsRepository.byHash(scopeA, m, caseOfB, docOfB.sha256)).resolves.toBeNull();
    await expect(bytesOf(store.read(scopeA, docOfB.id))).resolves.toBe('');
    await store.remove(scopeA, m, docOfB.id);
    await expect(bytesOf(store.verified(scopeB, docOfB))).resolves.toBe('The plan of council B');
  });

  it('does not put a retention fact on another council’s case', async () => {
    const m = db.ds.manager;
    const [before] = await db.ds.query('SELECT version FROM cases WHERE id = $1', [w.caseOfB]);
    await expect(
      new DocumentFactsRepository(new AuditRepository()).append(
        w.scopeA,
        m,
        w.caseOfB,
        { type: 'DOCUMENT_HOLD_PLACED', payload: { reason: 'By council A' } },
        w.a.actors.officer,
        { kind: 'staff', role: 'administrator' },
        new Date(),
      ),
    ).rejects.toBeInstanceOf(CaseNotFoundError);
    await expect(
      db.ds.query('SELECT version FROM cases WHERE id = $1', [w.caseOfB]),
    ).resolves.toEqual([before]);
  });

  it('does not find, hold or erase another council’s personal data', async () => {
    const m = db.ds.manager;
    const { scopeA, scopeB, caseOfB } = w;
    await ResponseEvidenceRepository.record(scopeB, m, {
      caseId: caseOfB,
      seq: 1,
      linkId: randomUUID(),
      content: { ip: '192.0.2.1', userAgent: 'a browser of council B' },
      salt: 'salt-of-b',
      at: new Date(),
    });
    await closedYearsAgo(db.ds, caseOfB, 10);
    const periods = [{ kind: 'linkEvidence' as const, years: 1 }];
    const now = new Date();
    expect(
      (await PersonalDataRepository.due(scopeB, m, periods, now)).map((d) => d.case_id),
    ).toEqual([caseOfB]);
    await expect(PersonalDataRepository.due(scopeA, m, periods, now)).resolves.toEqual([]);
    await expect(PersonalDataRepository.lockCase(scopeA, m, caseOfB)).resolves.toBe(false);
    await expect(
      PersonalDataRepository.erase(scopeA, m, caseOfB, 'linkEvidence', now),
    ).resolves.toMatchObject({ answers: 0 });
    expect((await ResponseEvidenceRepository.forCase(scopeB, m, caseOfB)).get(1)).toMatchObject({
      salt: 'salt-of-b',
    });

    const hold = { caseId: caseOfB, by: w.a.ids.people.officer, at: now };
    await expect(
      PersonalDataHoldRepository.place(scopeA, m, { ...hold, reason: 'Held by council A' }),
    ).resolves.toBe(false);
    await expect(PersonalDataHoldRepository.inForce(scopeB, m)).resolves.toEqual([]);
    await PersonalDataHoldRepository.place(scopeB, m, {
      caseId: caseOfB,
      reason: 'A claim against council B',
      by: w.b.ids.people.officer,
      at: now,
    });
    await expect(
      PersonalDataHoldRepository.release(scopeA, m, { ...hold, reason: 'Released by council A' }),
    ).resolves.toBeNull();
    expect((await PersonalDataHoldRepository.inForce(scopeB, m)).map((h) => h.caseId)).toEqual([
      caseOfB,
    ]);
    await expect(PersonalDataHoldRepository.inForce(scopeA, m)).resolves.toEqual([]);
    await expect(PersonalDataHoldRepository.inForce(scopeA, m, caseOfB)).resolves.toEqual([]);
    const holdable = (await PersonalDataHoldRepository.holdable(scopeA, m)).map((c) => c.id);
    expect(holdable).toEqual([w.caseOfA]);
  });

  it('does not read another council’s retention schedule', async () => {
    const schedule = new RetentionScheduleRepository(db.ds);
    const statutory = await schedule.current(w.scopeA);
    await schedule.set(
      w.scopeB,
      { kind: 'emailRecipients', keepYears: '9', reason: 'Council B keeps them longer' },
      { personId: w.b.ids.people.officer, at: new Date() },
    );
    expect((await schedule.current(w.scopeB)).emailRecipients.keepYears).toBe(9);
    await expect(schedule.current(w.scopeA)).resolves.toEqual(statutory);
  });
});
