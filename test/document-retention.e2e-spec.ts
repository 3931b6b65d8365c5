import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { VerifyAuditUseCase } from '../libs/audit/verify-audit.use-case';
import { DocumentRetentionRepository } from '../libs/documents/document-retention.repository';
import { DocumentRetentionUseCase } from '../libs/documents/document-retention.use-case';
import { DocumentFactsRepository } from '../libs/documents/document-facts.repository';
import { DocumentStore } from '../libs/documents/document-store.repository';
import { RetentionScheduleRepository } from '../libs/documents/retention-schedule.repository';
import type { Actor } from '../libs/core/actor.dto';
import { ensureToolBuilt, runTool } from '../libs/testing/tool-process.service';
import {
  DocumentUnavailableError,
  ReadDocumentUseCase,
} from '../libs/documents/read-document.use-case';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { pdfFile } from '../libs/testing/document-fixtures.service';
import { postSignIn } from '../libs/testing/sign-in.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

describe('document retention: disposal past the schedule, legal hold, the record still verifies', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let h: ReturnType<typeof engineHarness>;

  async function actorOf(tenantId: string, personId: string): Promise<Actor> {
    const [person] = await db.ds.query('SELECT id, name FROM people WHERE id = $1', [personId]);
    return { kind: 'person', tenantId, person };
  }

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
      app.get(RetentionScheduleRepository),
      h.clock,
      app.get(DocumentFactsRepository),
      app.get(DocumentRetentionRepository),
    );
    const lead = await actorOf(world.tenantId, world.ids.people.officer);
    await retention.placeHold(
      world.tenantId,
      closed,
      held.id,
      'Employment tribunal claim 2203/21',
      lead,
    );

    const due = await retention.due(world.tenantId);
    expect(due.map((d) => d.id)).toContain(disposable.id);
    expect(due.map((d) => d.id)).not.toContain(held.id);
    expect(due.map((d) => d.id)).not.toContain(current.id);
    // Only what the administrator confirmed goes, and only if still due: the held one stays.
    expect(await retention.dispose(world.tenantId, [disposable.id, held.id], lead)).toBe(1);

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

    // The hold and the disposal are links of the case's chain: hashes and words, no content.
    const events = async () =>
      (
        (await db.ds.query('SELECT seq, event FROM audit_records WHERE case_id = $1 ORDER BY seq', [
          closed,
        ])) as { seq: number; event: Record<string, unknown> }[]
      ).map((r) => r.event);
    expect((await events()).slice(-2)).toEqual([
      {
        type: 'DOCUMENT_HOLD_PLACED',
        documentId: held.id,
        versions: [{ version: 1, sha256: held.sha256 }],
        reason: 'Employment tribunal claim 2203/21',
      },
      expect.objectContaining({
        type: 'DOCUMENT_CONTENT_DISPOSED',
        documentId: disposable.id,
        sha256: disposable.sha256,
        version: 1,
        rule: byId[disposable.id].disposal_rule,
      }),
    ]);
    expect(JSON.stringify(await events())).not.toContain(pdfFile('Old report').toString('base64'));
    const [{ closed_at }]: { closed_at: Date }[] = await db.ds.query(
      'SELECT closed_at FROM cases WHERE id = $1',
      [closed],
    );
    expect(closed_at.getTime()).toBeLessThan(h.clock.now().getTime() - 6 * 366 * 24 * 3600_000);

    // Lifting the hold goes on the chain and makes it due; what went already is not listed again.
    await retention.liftHold(world.tenantId, closed, held.id, lead);
    expect((await events()).at(-1)).toMatchObject({ type: 'DOCUMENT_HOLD_LIFTED' });
    expect((await retention.due(world.tenantId)).map((d) => d.id)).toEqual([held.id]);

    // `npm run audit:verify` itself, on this database, after the disposal: every chain whole.
    const verify = await runTool(ensureToolBuilt('audit-verify'), [], { DATABASE_URL: db.url });
    expect(verify).toMatchObject({ code: 0 });
    expect(verify.stdout).toMatch(/case chains verified, 0 broken\.\n$/);
  });

  it('lets an administrator set a period no shorter than the law’s, lists what is due, shows what will go and disposes of it only on confirmation', async () => {
    const world = await buildBcfWorld(db.ds);
    const server = app.getHttpServer();
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.ceo,
      role: 'administrator',
      password: 'admin-pass-1',
      at: h.clock.now(),
    });
    const admin = request.agent(server);
    await postSignIn(admin, { email: world.emailOf('ceo'), password: 'admin-pass-1' });
    const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

    const schedule = await admin.get('/admin/retention').expect(200);
    expect(schedule.text).toContain('LGA 1972 s100D(2)');
    expect(schedule.text).toContain('4 years');
    const tooShort = await admin
      .post('/admin/retention')
      .type('form')
      .send({ _csrf: csrfOf(schedule.text), kind: 'report', keepYears: '3', reason: 'Shorter' })
      .expect(422);
    expect(tooShort.text).toContain('govuk-error-summary');
    expect(tooShort.text).toContain('href="#keepYears"');
    expect(tooShort.text).toContain('Enter 6 years or more');
    expect(tooShort.text).toContain('value="3"');
    await admin
      .post('/admin/retention')
      .type('form')
      .send({
        _csrf: csrfOf(schedule.text),
        kind: 'report',
        keepYears: '8',
        reason: 'Records management policy 2024, paragraph 4',
      })
      .expect(303);
    const changed = await admin.get('/admin/retention').expect(200);
    expect(changed.text).toContain('8 years');
    expect(changed.text).toContain('Records management policy 2024, paragraph 4');

    const caseId = (
      await request(server).post('/api/cases').set(auth).send(openBcfCaseBody(world)).expect(201)
    ).body.id as string;
    const attach = async (name: string, kind: string, expectedVersion: number) =>
      (
        await request(server)
          .post(`/api/cases/${caseId}/documents`)
          .set(auth)
          .send({
            expectedVersion,
            name,
            kind,
            mediaType: 'application/pdf',
            contentBase64: pdfFile(name).toString('base64'),
          })
          .expect(201)
      ).body as { id: string; sha256: string };
    const appendix = await attach('Spending appendix', 'appendix', 1);
    const report = await attach('Year-end report', 'report', 2);
    await db.ds.query(`UPDATE cases SET closed_at = $2 WHERE id = $1`, [
      caseId,
      new Date(h.clock.now().getTime() - 7 * 366 * 24 * 3600_000),
    ]);

    // The report is kept 8 years now, so only the appendix (6 years) is due.
    const due = await admin.get('/admin/retention/due').expect(200);
    expect(due.text).toContain('Spending appendix');
    expect(due.text).not.toContain('Year-end report');
    const check = await admin.get('/admin/retention/dispose').expect(200);
    expect(check.text).toContain('What will go');
    expect(check.text).toContain('Spending appendix');
    expect(check.text).toContain('What stays');
    const contentOf = async (id: string) =>
      (
        (await db.ds.query(
          'SELECT count(*)::int AS n FROM document_chunks WHERE document_id = $1',
          [id],
        )) as { n: number }[]
      )[0].n;
    expect(await contentOf(appendix.id)).toBeGreaterThan(0);

    const expired = await admin
      .post('/admin/retention/dispose')
      .type('form')
      .send({ _csrf: 'not-the-token', documentId: appendix.id })
      .expect(403);
    expect(expired.text).toContain('The form has expired');
    expect(await contentOf(appendix.id)).toBeGreaterThan(0);

    await admin
      .post('/admin/retention/dispose')
      .type('form')
      .send({ _csrf: csrfOf(check.text), documentId: [appendix.id, report.id] })
      .expect(303);
    expect(await contentOf(appendix.id)).toBe(0);
    expect(await contentOf(report.id)).toBeGreaterThan(0);
    const [last]: { event: { type: string; actor?: unknown }; actor: { personId: string } }[] =
      await db.ds.query(
        'SELECT event, actor FROM audit_records WHERE case_id = $1 ORDER BY seq DESC LIMIT 1',
        [caseId],
      );
    expect(last.event.type).toBe('DOCUMENT_CONTENT_DISPOSED');
    expect(last.actor.personId).toBe(world.ids.people.ceo);
    expect((await app.get(VerifyAuditUseCase).verifyCase(world.tenantId, caseId)).ok).toBe(true);

    // An officer does not reach the schedule.
    const officer = request.agent(server);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: 'officer-pass-1',
      at: h.clock.now(),
    });
    await postSignIn(officer, { email: world.emailOf('officer'), password: 'officer-pass-1' });
    await officer.get('/admin/retention/due').expect(403);
  });
});
