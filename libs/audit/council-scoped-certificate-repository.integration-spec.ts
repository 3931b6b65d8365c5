import { randomUUID } from 'node:crypto';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { CertificateRepository } from './certificate.repository';

/*
 * The certificate's repository takes the council's scope: scoped to council A, it reads none of
 * council B's people, nor the links, views, emails or documents of B's case, whatever case id it
 * is given. The calls run outside every request's scope, where row-level security lets every row
 * through (ADR 0015): what keeps B's rows out is the repository's own clause.
 */
describe('the certificate’s repository scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  let repo: CertificateRepository;

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
    repo = new CertificateRepository(db.ds);
    const { tenantId, ids } = w.b;
    // B's case has a request to its chief executive, opened once, an email and a document.
    const [link]: { id: string }[] = await db.ds.query(
      `INSERT INTO action_links (tenant_id, case_id, person_id, role, request, allowed_responses,
                                 document_hashes, token_hash, status, created_at)
       VALUES ($1, $2, $3, 'chiefExecutive', 'agreement-requested', '{}', '[]', md5(random()::text), 'open', now())
       RETURNING id`,
      [tenantId, w.caseOfB, ids.people.ceo],
    );
    await db.ds.query(
      `INSERT INTO action_link_views (tenant_id, link_id, method, viewed_at, ip, user_agent)
       VALUES ($1, $2, 'GET', now(), '192.0.2.1', 'a browser of council B')`,
      [tenantId, link.id],
    );
    await db.ds.query(
      `INSERT INTO effects (tenant_id, case_id, kind, payload, status, attempts, available_at, created_at)
       VALUES ($1, $2, 'email', '{"message":"agreement-requested","to":{"name":"B"}}', 'pending', 0, now(), now())`,
      [tenantId, w.caseOfB],
    );
    await db.ds.query(
      `INSERT INTO documents (id, tenant_id, case_id, name, kind, file_name, media_type, sha256, size_bytes,
                              uploaded_by, uploaded_at, series_id, version)
       VALUES ($4, $1, $2, 'Plan of B', 'plan', 'plan.txt', 'text/plain', md5('b'), 1, $3, now(), $4, 1)`,
      [tenantId, w.caseOfB, ids.people.officer, randomUUID()],
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('names none of another council’s people', async () => {
    const ofB = Object.values(w.b.ids.people);
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    expect(ids(await repo.people(w.scopeB))).toEqual(expect.arrayContaining(ofB));
    const ofA = ids(await repo.people(w.scopeA));
    expect(ofA).toEqual(expect.arrayContaining(Object.values(w.a.ids.people)));
    expect(ofA.filter((id) => ofB.includes(id))).toEqual([]);
  });

  it('reads none of the requests or their views of another council’s case', async () => {
    await expect(repo.links(w.scopeA, w.caseOfB)).resolves.toEqual([]);
    await expect(repo.links(w.scopeB, w.caseOfB)).resolves.toHaveLength(1);
    await expect(repo.linkViews(w.scopeA, w.caseOfB)).resolves.toEqual([]);
    await expect(repo.linkViews(w.scopeB, w.caseOfB)).resolves.toHaveLength(1);
  });

  it('reads none of the emails or documents of another council’s case', async () => {
    await expect(repo.emails(w.scopeA, w.caseOfB)).resolves.toEqual([]);
    expect(await repo.emails(w.scopeB, w.caseOfB)).not.toEqual([]);
    await expect(repo.documents(w.scopeA, w.caseOfB)).resolves.toEqual([]);
    await expect(repo.documents(w.scopeB, w.caseOfB)).resolves.toHaveLength(1);
  });
});
