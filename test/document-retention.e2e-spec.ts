import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { VerifyAuditUseCase } from '../libs/audit/verify-audit.use-case';
import { DocumentRetentionUseCase } from '../libs/documents/document-retention.use-case';
import { DocumentSettings } from '../libs/documents/document-settings.service';
import { DocumentStore } from '../libs/documents/document-store.repository';
import {
  DocumentUnavailableError,
  ReadDocumentUseCase,
} from '../libs/documents/read-document.use-case';
import { pdfFile } from '../libs/testing/document-fixtures.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

describe('document retention: disposal past the schedule, legal hold, the record still verifies', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let h: ReturnType<typeof engineHarness>;

  beforeAll(async () => {
    db = await openTestDatabase();
    h = engineHarness(db.ds);
    app = await buildTestApp(db.ds, h.clock);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('disposes of the content of documents of a case closed more than six years ago, keeps hash, rule and time, spares a held one and an open case, and the audit chain verifies', async () => {
    const world = await buildBcfWorld(db.ds);
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const server = app.getHttpServer();
    const open = async () =>
      (await request(server).post('/api/cases').set(auth).send(openBcfCaseBody(world)).expect(201))
        .body.id as string;
    const attach = async (caseId: string, name: string, expectedVersion: number) =>
      (
        await request(server)
          .post(`/api/cases/${caseId}/documents`)
          .set(auth)
          .send({
            expectedVersion,
            name,
            mediaType: 'application/pdf',
            kind: 'report',
            contentBase64: pdfFile(name).toString('base64'),
          })
          .expect(201)
      ).body as { id: string; sha256: string };
    const closed = await open();
    const disposable = await attach(closed, 'Old report', 1);
    const held = await attach(closed, 'Report under a claim', 2);
    const stillOpen = await open();
    const current = await attach(stillOpen, 'Open report', 1);
    // The case closed long ago (as the engine would have marked it when it ended).
    await db.ds.query(`UPDATE cases SET closed_at = $2 WHERE id = $1`, [
      closed,
      new Date(h.clock.now().getTime() - 7 * 366 * 24 * 3600_000),
    ]);
    const retention = new DocumentRetentionUseCase(
      db.ds,
      app.get(DocumentStore),
      app.get(DocumentSettings),
      h.clock,
    );
    await retention.placeHold(world.tenantId, closed, held.id, 'Employment tribunal claim 2203/21');

    const due = await retention.due();
    expect(due.map((d) => d.id)).toContain(disposable.id);
    expect(due.map((d) => d.id)).not.toContain(held.id);
    expect(due.map((d) => d.id)).not.toContain(current.id);
    expect(await retention.disposeDue()).toBeGreaterThanOrEqual(1);

    const rows: {
      id: string;
      sha256: string;
      disposed_at: Date | null;
      disposal_rule: string | null;
      chunks: number;
    }[] = await db.ds.query(
      `SELECT d.id, d.sha256, d.disposed_at, d.disposal_rule,
              (SELECT count(*)::int FROM document_chunks c WHERE c.document_id = d.id) AS chunks
         FROM documents d WHERE d.id = ANY($1)`,
      [[disposable.id, held.id, current.id]],
    );
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[disposable.id]).toMatchObject({ sha256: disposable.sha256, chunks: 0 });
    expect(byId[disposable.id].disposed_at).toEqual(h.clock.now());
    expect(byId[disposable.id].disposal_rule).toMatch(
      /^report: kept 6 years after the case closed \(LGA 1972 s100C/,
    );
    expect(byId[held.id]).toMatchObject({ disposed_at: null });
    expect(byId[held.id].chunks).toBeGreaterThan(0);
    expect(byId[current.id]).toMatchObject({ disposed_at: null });

    await expect(
      app.get(ReadDocumentUseCase).forStaff(world.tenantId, closed, disposable.id),
    ).rejects.toEqual(new DocumentUnavailableError('disposed'));
    const finding = await app.get(VerifyAuditUseCase).verifyCase(world.tenantId, closed);
    expect(finding.ok).toBe(true);

    // Lifting the hold makes it due; a second run leaves what it already disposed of alone.
    await retention.liftHold(world.tenantId, closed, held.id);
    expect((await retention.due()).map((d) => d.id)).toEqual(expect.arrayContaining([held.id]));
    expect((await retention.due()).map((d) => d.id)).not.toContain(disposable.id);
  });
});
