import { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { VerifyAuditUseCase } from '../libs/audit/verify-audit.use-case';
import { AuditRepository } from '../libs/audit/audit.repository';
import { ManualClock } from '../libs/core/clock.service';
import {
  retitledFirstRecord,
  tamperWithAuditRecords,
} from '../libs/testing/audit-tampering.service';
import { caseAwaitingAgreementOverApi } from '../libs/testing/bcf-api-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { ensureWorkerBuilt } from '../libs/testing/worker-process.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

/**
 * npm run audit:verify over every case of a database: the broken chain named with its first broken
 * record, the intact ones reported, exit status 1 (the tampering it finds: audit-tamper.e2e-spec.ts).
 */
describe('npm run audit:verify', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    // A database of its own, so that "every case" means exactly the cases made here.
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, new ManualClock(new Date('2021-10-01T09:00:00Z')));
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  async function openCase(world: BcfWorld): Promise<string> {
    return (await caseAwaitingAgreementOverApi(app, world)).caseId;
  }

  it('reports every case, the broken one with its first broken record, and exits 1', async () => {
    const world = await buildBcfWorld(db.ds);
    const other = await buildBcfWorld(db.ds);
    const intact = await openCase(world);
    const broken = await openCase(world);
    const elsewhere = await openCase(other);
    await tamperWithAuditRecords(db, retitledFirstRecord(broken));

    const results = await new VerifyAuditUseCase(db.ds, new AuditRepository()).verifyAll();
    const byCase = Object.fromEntries(results.map((r) => [r.caseId, r]));
    expect(Object.keys(byCase).sort()).toEqual([intact, broken, elsewhere].sort());
    expect(byCase[intact]).toMatchObject({
      tenantId: world.tenantId,
      finding: { ok: true, records: 2 },
    });
    expect(byCase[elsewhere]).toMatchObject({
      tenantId: other.tenantId,
      finding: { ok: true, records: 2 },
    });
    expect(byCase[broken]).toMatchObject({
      reference: expect.stringMatching(/^[A-Z][A-Z0-9]+-\d{4}-0002$/),
      tenantId: world.tenantId,
      finding: { ok: false, problem: 'edited', atSeq: 1 },
    });

    // The command itself, on this database: one line per broken chain, a total, exit code 1.
    ensureWorkerBuilt();
    const dataDir = mkdtempSync(join(tmpdir(), 'ratify-audit-verify-'));
    try {
      const run = promisify(execFile)(
        process.execPath,
        [resolve(__dirname, '..', 'dist', 'tools', 'audit-verify.js')],
        {
          cwd: resolve(__dirname, '..'),
          env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: dataDir, SEED_DEMO: 'false' },
        },
      );
      await expect(run).rejects.toMatchObject({
        code: 1,
        stdout: `BROKEN case ${byCase[broken].reference} (id ${broken}): record 1 edited (record 1 was changed after it was written)\n3 case chains verified, 1 broken.\n`,
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('finds a record edited in the middle of a batch and a record moved from one chain to another, as case by case', async () => {
    const world = await buildBcfWorld(db.ds);
    const [from, edited, to] = [
      await openCase(world),
      await openCase(world),
      await openCase(world),
    ];
    await tamperWithAuditRecords(
      db,
      // The middle case's second record names someone else as its actor (the actor as text,
      // parsed once where it recurs, is where a batch could go wrong).
      [
        `UPDATE audit_records SET actor = jsonb_set(actor, '{personId}', to_jsonb(gen_random_uuid()::text))
          WHERE case_id = $1 AND seq = 2`,
        [edited],
      ],
      // The first case's second record moved to the third case's, as its third.
      ['UPDATE audit_records SET case_id = $2, seq = 3 WHERE case_id = $1 AND seq = 2', [from, to]],
    );
    const verifier = new VerifyAuditUseCase(db.ds, new AuditRepository());
    const found = Object.fromEntries(
      (await verifier.verifyAll()).map((r) => [r.caseId, r.finding]),
    );
    expect(found[from]).toMatchObject({ ok: false, problem: 'truncated', atSeq: 2 });
    expect(found[edited]).toMatchObject({ ok: false, problem: 'edited', atSeq: 2 });
    // Written before the third case's records, the moved record leads its chain (by insertion).
    expect(found[to]).toMatchObject({ ok: false, problem: 'reordered', atSeq: 1 });
    for (const id of [from, edited, to])
      expect(found[id]).toEqual(await verifier.verifyCase(world.tenantId, id));
  });

  it('finds the same in batches of one or two cases as case by case, in the order the cases were made', async () => {
    const verifier = new VerifyAuditUseCase(db.ds, new AuditRepository());
    const whole = await verifier.verifyAll();
    expect(whole.some((r) => !r.finding.ok)).toBe(true);
    const oneByOne = await Promise.all(
      whole.map(async (r) => ({ ...r, finding: await verifier.verifyCase(r.tenantId, r.caseId) })),
    );
    expect(whole).toEqual(oneByOne);
    expect(await verifier.verifyAll(1)).toEqual(whole);
    expect(await verifier.verifyAll(2)).toEqual(whole);
    const made: { id: string }[] = await db.ds.query(
      'SELECT id FROM cases ORDER BY tenant_id, created_at, id',
    );
    expect(whole.map((r) => r.caseId)).toEqual(made.map((c) => c.id));
  });
});
