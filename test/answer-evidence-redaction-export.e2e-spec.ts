import { INestApplication } from '@nestjs/common';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { CheckpointKey } from '../libs/audit/checkpoint-key.service';
import { DirectoryRepository } from '../libs/directory/directory.repository';
import { PersonalDataRetentionUseCase } from '../libs/documents/personal-data-retention.use-case';
import { openArchive, readArchive } from '../libs/export/archive-reader.service';
import { verifyArchiveFile } from '../libs/export/archive-verifier.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { caseAwaitingAgreementOverApi } from '../libs/testing/bcf-api-harness.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { binaryBody } from '../libs/testing/binary-response.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld } from '../libs/testing/world.factory';
import { tenantScope } from '../libs/core/tenant-scope';

const YEAR = 366 * 24 * 3600_000;
const OLD_BROWSER = 'Mozilla/5.0 (Windows NT 6.1) written-before-the-cut-over';

/*
 * docs/adr/0020: a link written before the answer-evidence cut-over, redacted by retention under a
 * signed statement, travels in the council's export with its statement: the archive verifies
 * offline and holds no IP address or browser; a statement altered in the database shows there too.
 */
describe('an audit link redacted by retention, in the council’s export', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let h: ReturnType<typeof engineHarness>;
  let dir: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    h = engineHarness(db.ds);
    app = await buildTestApp(db.ds, h.clock);
    dir = mkdtempSync(join(tmpdir(), 'ratify-redaction-export-'));
  });
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await app?.close();
    await db?.drop();
  });

  it('verifies offline with the statement under the council’s key only, holds no IP address or browser, and names the record once the statement is altered', async () => {
    const world = await buildBcfWorld(db.ds);
    const server = app.getHttpServer();
    const { caseId } = await caseAwaitingAgreementOverApi(app, world);
    const [link]: { id: string }[] = await db.ds.query(
      `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
      [caseId, world.ids.people.ceo],
    );
    const ceo = (await new DirectoryRepository().person(
      tenantScope(world.tenantId),
      db.ds.manager,
      world.ids.people.ceo,
    ))!;
    // Answered as the code before the cut-over recorded it: the evidence inside the link.
    await h.send.send(
      caseId,
      { type: 'AGREE', as: 'chiefExecutive', payload: {} },
      { kind: 'person', tenantId: world.tenantId, person: ceo },
      {
        evidence: {
          channel: 'email-link',
          linkId: link.id,
          response: 'approve',
          receivedAt: h.clock.now().toISOString(),
          ip: '203.0.113.7',
          userAgent: OLD_BROWSER,
          documents: [],
        },
      },
    );
    await db.ds.query('UPDATE cases SET closed_at = $2 WHERE id = $1', [
      caseId,
      new Date(h.clock.now().getTime() - 7 * YEAR),
    ]);
    const retention = app.get(PersonalDataRetentionUseCase);
    const due = (await retention.due(world.tenantId)).filter((d) => d.caseId === caseId);
    expect(due.map((d) => d.kind)).toContain('linkEvidence');
    const actor = { kind: 'person' as const, tenantId: world.tenantId, person: ceo };
    expect(await retention.dispose(world.tenantId, [`${caseId}:linkEvidence`], actor)).toBe(1);

    // The chief executive, an administrator, takes the council's records.
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.ceo,
      role: 'administrator',
      password: 'admin-pass-1',
      at: h.clock.now(),
    });
    const exported = async (name: string) => {
      const res = await request(server)
        .get('/api/exports/council.tar.gz')
        .set({ Authorization: `Bearer ${world.keys.ceo}` })
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      const file = join(dir, name);
      writeFileSync(file, res.body as Buffer);
      return file;
    };
    const file = await exported('redacted.tar.gz');
    const councilKey = app.get(CheckpointKey).publicKey;
    const report = await verifyArchiveFile(file, { councilKey });
    expect(report.problems).toEqual([]);
    // Without the council's key the statement is not taken on the word of the key it names.
    expect((await verifyArchiveFile(file)).problems).toEqual([
      expect.objectContaining({
        where: expect.stringContaining('audit record 3'),
        detail: expect.stringContaining('--public-key'),
      }),
    ]);
    // Under another key (an archive's editor signing with a key of their own) it does not hold.
    const otherKey = generateKeyPairSync('ed25519').publicKey;
    expect((await verifyArchiveFile(file, { councilKey: otherKey })).problems).toEqual([
      expect.objectContaining({
        where: expect.stringContaining('audit record 3'),
        detail: expect.stringContaining('redaction statement does not vouch'),
      }),
    ]);
    expect(report.checked).toMatchObject({ chains: 1 });
    const records: Record<string, unknown>[] = [];
    await readArchive(await openArchive(file), {
      line: (path, _n, value) => {
        if (path === 'cases/audit-records.ndjson') records.push(value as Record<string, unknown>);
      },
    });
    expect(JSON.stringify(records)).not.toContain(OLD_BROWSER);
    expect(JSON.stringify(records)).not.toContain('203.0.113.7');
    expect(records.find((r) => r.redaction)).toMatchObject({
      seq: 3,
      redaction: { statement: { format: 'ratify-audit-redaction/1', caseId } },
    });

    // The statement altered in the database (as its owner): the next export names the record.
    await (
      await db.owner()
    ).query(
      `UPDATE audit_redactions SET signed = jsonb_set(signed, '{statement,reason}', '"none"')
        WHERE case_id = $1`,
      [caseId],
    );
    const altered = await verifyArchiveFile(await exported('altered.tar.gz'), { councilKey });
    expect(altered.problems).toEqual([
      expect.objectContaining({
        where: expect.stringContaining('audit record 3'),
        detail: expect.stringContaining('redaction statement does not vouch'),
      }),
    ]);
  });
});
