import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CheckpointKey } from '../libs/audit/checkpoint-key.service';
import { VerifyAuditUseCase } from '../libs/audit/verify-audit.use-case';
import { withTenant } from '../libs/core/tenant-context.service';
import { dataSourceOptions } from '../libs/database/data-source.service';
import { bindConnectionsToTenants } from '../libs/database/tenant-bound-connections.service';
import { DocumentRetentionRepository } from '../libs/documents/document-retention.repository';
import { DocumentRetentionUseCase } from '../libs/documents/document-retention.use-case';
import { DocumentStore } from '../libs/documents/document-store.repository';
import { PersonalDataRetentionUseCase } from '../libs/documents/personal-data-retention.use-case';
import { AuditRepository } from '../libs/audit/audit.repository';
import { DocumentFactsRepository } from '../libs/documents/document-facts.repository';
import { RetentionCouncilsRepository } from '../libs/documents/retention-councils.repository';
import { RetentionDueCountUseCase } from '../libs/documents/retention-due-count.use-case';
import { RetentionScheduleRepository } from '../libs/documents/retention-schedule.repository';
import { pdfFile } from '../libs/testing/document-fixtures.service';
import { closedBcfCase, signedInAdministrator } from '../libs/testing/closed-case.factory';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, type BcfWorld } from '../libs/testing/world.factory';

const YEAR = 366 * 24 * 3600_000;

describe('retention of the personal data of closed cases, and of documents, under row-level security', () => {
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

  /** A BCF case whose requests went out, were opened from a browser, and that closed `yearsAgo`. */
  const closedCase = (world: BcfWorld, yearsAgo: number) =>
    closedBcfCase(app, db.ds, h.clock, world, {
      yearsAgo,
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148',
      evidence: 'full',
    });

  it('erases link evidence and email addresses past their period only on confirmation, records it on the chain, and the chain, case page and certificate still hold', async () => {
    const world = await buildBcfWorld(db.ds);
    const old = await closedCase(world, 7);
    const recent = await closedCase(world, 2);
    const admin = await signedInAdministrator(app, db.ds, h.clock, world);
    const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];
    const auditBefore: { seq: number; hash: string }[] = await db.ds.query(
      'SELECT seq, hash FROM audit_records WHERE case_id = $1 ORDER BY seq',
      [old.caseId],
    );

    // Evidence is kept 6 years and emails 1 year: the old case has both due, the recent one emails.
    const due = await admin.get('/admin/retention/due').expect(200);
    expect(due.text).toContain('Evidence of emailed links');
    expect(due.text).toContain('Email addresses in sent emails');
    const keys = (await app.get(PersonalDataRetentionUseCase).due(world.tenantId)).map(
      (d) => d.key,
    );
    expect(keys.sort()).toEqual(
      [
        `${old.caseId}:emailRecipients`,
        `${old.caseId}:linkEvidence`,
        `${recent.caseId}:emailRecipients`,
      ].sort(),
    );
    const check = await admin.get('/admin/retention/dispose').expect(200);
    expect(check.text).toContain('What will go');
    expect(check.text).toContain('The audit trail as it was recorded stays whole');
    // Nothing went by looking.
    const evidence = async (caseId: string) =>
      (
        (await db.ds.query(
          `SELECT count(*) FILTER (WHERE v.ip IS NOT NULL OR v.user_agent IS NOT NULL)::int AS views
             FROM action_link_views v JOIN action_links l ON l.id = v.link_id WHERE l.case_id = $1`,
          [caseId],
        )) as { views: number }[]
      )[0].views;
    expect(await evidence(old.caseId)).toBe(1);

    await admin
      .post('/admin/retention/dispose')
      .type('form')
      .send({ _csrf: csrfOf(check.text), personalData: [`${old.caseId}:linkEvidence`] })
      .expect(303);
    expect(await evidence(old.caseId)).toBe(0);
    const [stepUp]: Record<string, unknown>[] = await db.ds.query(
      'SELECT sent_to, verified_email, browser_key_hash, code_hash, verified_at FROM link_step_ups WHERE link_id = $1',
      [old.linkId],
    );
    expect(stepUp).toMatchObject({
      sent_to: null,
      verified_email: null,
      browser_key_hash: null,
      code_hash: null,
    });
    expect(stepUp.verified_at).toEqual(h.clock.now());
    // Only what was confirmed went: the emails of both cases are still due.
    expect(
      (await app.get(PersonalDataRetentionUseCase).due(world.tenantId)).map((d) => d.key).sort(),
    ).toEqual([`${old.caseId}:emailRecipients`, `${recent.caseId}:emailRecipients`].sort());

    const [person] = await db.ds.query('SELECT id, name FROM people WHERE id = $1', [
      world.ids.people.ceo,
    ]);
    await app
      .get(PersonalDataRetentionUseCase)
      .dispose(world.tenantId, [`${old.caseId}:emailRecipients`], {
        kind: 'person',
        tenantId: world.tenantId,
        person,
      });
    const emails: { payload: { to: Record<string, unknown> } }[] = await db.ds.query(
      `SELECT payload FROM effects WHERE case_id = $1 AND kind = 'email'`,
      [old.caseId],
    );
    expect(emails.length).toBeGreaterThan(0);
    for (const e of emails) expect(Object.keys(e.payload.to).sort()).toEqual(['id', 'name']);
    expect(JSON.stringify(emails)).not.toContain(old.email);

    // The chain: the earlier links as they were, two disposals after them, no data in them.
    const auditAfter: { seq: number; hash: string; event: Record<string, unknown> }[] =
      await db.ds.query(
        'SELECT seq, hash, event FROM audit_records WHERE case_id = $1 ORDER BY seq',
        [old.caseId],
      );
    expect(auditAfter.slice(0, auditBefore.length).map((r) => [r.seq, r.hash])).toEqual(
      auditBefore.map((r) => [r.seq, r.hash]),
    );
    expect(auditAfter.slice(auditBefore.length).map((r) => r.event)).toEqual([
      {
        type: 'PERSONAL_DATA_DISPOSED',
        kind: 'linkEvidence',
        rule: expect.stringMatching(
          /^linkEvidence: kept 6 years after the case closed \(Limitation Act 1980/,
        ),
        erased: { linkViews: 1, stepUps: 1, answers: 0, chainLinks: 0 },
      },
      expect.objectContaining({ type: 'PERSONAL_DATA_DISPOSED', kind: 'emailRecipients' }),
    ]);
    expect(JSON.stringify(auditAfter.slice(auditBefore.length))).not.toContain('iPhone');
    expect((await app.get(VerifyAuditUseCase).verifyCase(world.tenantId, old.caseId)).ok).toBe(
      true,
    );
    const [{ closed_at }]: { closed_at: Date }[] = await db.ds.query(
      'SELECT closed_at FROM cases WHERE id = $1',
      [old.caseId],
    );
    expect(closed_at.getTime()).toBeLessThan(h.clock.now().getTime() - 6 * YEAR);

    // The certificate and the case page say what went and when, and show none of it.
    const certificate = await request(app.getHttpServer())
      .get(`/api/cases/${old.caseId}/certificate`)
      .set({ Authorization: `Bearer ${world.keys.officer}` })
      .expect(200);
    expect(certificate.text).toContain('IP address and browser disposed of on');
    expect(certificate.text).toContain('the address disposed of on');
    expect(certificate.text).not.toContain('iPhone');
    const page = await admin.get(`/cases/${old.caseId}`).expect(200);
    expect(page.text).toContain(
      'Personal data of the case was disposed of under the retention schedule',
    );
    expect(page.text).not.toContain('iPhone');
  });

  it('keeps a closed case’s date when a fact is recorded on it after it closed, so retention does not start again', async () => {
    const world = await buildBcfWorld(db.ds);
    const { caseId } = await closedCase(world, 3);
    const closedAt = async () =>
      (
        (await db.ds.query('SELECT closed_at, version FROM cases WHERE id = $1', [caseId])) as {
          closed_at: Date;
          version: number;
        }[]
      )[0];
    const before = await closedAt();
    await request(app.getHttpServer())
      .post(`/api/cases/${caseId}/documents`)
      .set({ Authorization: `Bearer ${world.keys.officer}` })
      .send({
        expectedVersion: before.version,
        name: 'Late appendix',
        kind: 'appendix',
        mediaType: 'application/pdf',
        contentBase64: pdfFile('Late appendix').toString('base64'),
      })
      .expect(201);
    const after = await closedAt();
    expect(after.version).toBe(before.version + 1);
    expect(after.closed_at).toEqual(before.closed_at);
  });

  it('counts what is due in every council through the sweep while each council, bound to itself, sees only its own', async () => {
    const a = await buildBcfWorld(db.ds);
    const b = await buildBcfWorld(db.ds);
    const caseA = await closedCase(a, 7);
    const caseB = await closedCase(b, 7);
    // A data source that refuses every unbound query, as RATIFY_TENANT_UNBOUND=refuse runs.
    const strict = new DataSource(dataSourceOptions(db.url, 2));
    await strict.initialize();
    try {
      await bindConnectionsToTenants(strict, 'refuse');
      const schedule = new RetentionScheduleRepository(strict);
      const documents = new DocumentRetentionUseCase(
        strict,
        app.get(DocumentStore),
        schedule,
        h.clock,
        app.get(DocumentFactsRepository),
        app.get(DocumentRetentionRepository),
      );
      const personalData = new PersonalDataRetentionUseCase(
        strict,
        schedule,
        h.clock,
        app.get(CheckpointKey),
        app.get(AuditRepository),
        app.get(DocumentFactsRepository),
      );
      const counts = await new RetentionDueCountUseCase(
        new RetentionCouncilsRepository(strict),
        documents,
        personalData,
      ).dueCounts();
      expect(counts).toEqual(
        expect.arrayContaining([
          { tenantId: a.tenantId, documents: 1, personalData: 2 },
          { tenantId: b.tenantId, documents: 1, personalData: 2 },
        ]),
      );
      // Bound to A, A's list has A's case; asked for B's, the database shows A nothing of B.
      const aSees = await withTenant(a.tenantId, () => personalData.due(a.tenantId));
      expect(new Set(aSees.map((d) => d.caseId))).toEqual(new Set([caseA.caseId]));
      expect(await withTenant(a.tenantId, () => personalData.due(b.tenantId))).toEqual([]);
      expect(await withTenant(a.tenantId, () => documents.due(b.tenantId))).toEqual([]);
      // The page of B's administrator lists B's case and not A's.
      const adminB = await signedInAdministrator(app, db.ds, h.clock, b);
      const page = await adminB.get('/admin/retention/dispose').expect(200);
      expect(page.text).toContain(`${caseB.caseId}:linkEvidence`);
      expect(page.text).not.toContain(caseA.caseId);
    } finally {
      await strict.destroy();
    }
  });
});
