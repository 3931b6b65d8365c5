import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { EntityManager } from 'typeorm';
import { VerifyAuditUseCase } from '../libs/audit/verify-audit.use-case';
import { AuditRepository } from '../libs/audit/audit.repository';
import { ManualClock } from '../libs/core/clock.service';
import { tenantScope, type TenantScope } from '../libs/core/tenant-scope';
import {
  retitledFirstRecord,
  tamperWithAuditRecords,
} from '../libs/testing/audit-tampering.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { ensureToolBuilt, runTool } from '../libs/testing/tool-process.service';
import { waitUntil } from '../libs/testing/worker-process.service';
import { BcfWorld, buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';
import { WebhookRepository } from '../libs/webhooks/webhook.repository';

/**
 * npm run audit:verify on a database in use, read two batches at once (issue #21): a case advanced
 * or opened while a batch is read is verified as it stood in that batch's snapshot, never reported
 * broken; a broken chain still queues audit.verify_failed for its council's subscribers (the
 * fan-out is loaded only then); a record a tamperer timed at infinity is its case's finding, every
 * other case verified; and a batch that cannot be read fails the whole run, exit 2 with the
 * reason, its connections given back.
 */
describe('npm run audit:verify on a live database', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let world: BcfWorld;
  const cases: string[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, new ManualClock(new Date('2021-10-01T09:00:00Z')));
    world = await buildBcfWorld(db.ds);
    for (let i = 0; i < 4; i++) cases.push(await openCase());
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function openCase(): Promise<string> {
    const res = await request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send(openBcfCaseBody(world))
      .expect(201);
    return (res.body as { id: string }).id;
  }

  async function advance(caseId: string): Promise<void> {
    await request(app.getHttpServer())
      .post(`/api/cases/${caseId}/events`)
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send({ type: 'SEEK_AGREEMENT', expectedVersion: 1 })
      .expect(200);
  }

  function tool() {
    return ensureToolBuilt('audit-verify');
  }

  it('verifies every case as it stood in its batch, while cases are advanced and opened', async () => {
    const audit = new AuditRepository();
    let moved = false;
    // Each batch's links read after another connection advanced a case of the batch and
    // opened a case: committed between the batch's heads and its links.
    const live = Object.create(audit) as AuditRepository;
    live.rawChains = async (scope: TenantScope, m: EntityManager, ids: string[]) => {
      if (!moved && ids.includes(cases[1])) {
        moved = true;
        await advance(cases[1]);
        cases.push(await openCase());
      }
      return audit.rawChains(scope, m, ids);
    };
    const found = await new VerifyAuditUseCase(db.ds, live).verifyAll(1);
    expect(moved).toBe(true);
    expect(found.filter((f) => !f.finding.ok)).toEqual([]);
    expect(found.find((f) => f.caseId === cases[1])?.finding).toMatchObject({ records: 1 });
    // And afterwards, as it now stands.
    const after = await new VerifyAuditUseCase(db.ds, audit).verifyAll(1);
    expect(after.map((f) => f.finding.ok)).toEqual(after.map(() => true));
    expect(after.find((f) => f.caseId === cases[1])?.finding).toMatchObject({ records: 2 });
  });

  it('queues audit.verify_failed for a broken chain to its council’s subscriber, once', async () => {
    const sub = await new WebhookRepository().create(tenantScope(world.tenantId), db.ds.manager, {
      url: 'https://receiver.example.org/ratify',
      events: ['audit.verify_failed'],
      secret: 'whsec_dGVzdA==',
      at: new Date('2021-01-01T00:00:00Z'),
    });
    await tamperWithAuditRecords(db, retitledFirstRecord(cases[2]));
    const js = tool();
    for (let run = 0; run < 2; run++) {
      const out = await runTool(js, [], { DATABASE_URL: db.url });
      expect(out).toMatchObject({ code: 1, stdout: expect.stringContaining(`(id ${cases[2]})`) });
    }
    const queued: { event_type: string; payload: { data: Record<string, unknown> } }[] =
      await db.ds.query(
        'SELECT event_type, payload FROM webhook_deliveries WHERE subscription_id = $1',
        [sub.id],
      );
    expect(queued.map((q) => [q.event_type, q.payload.data])).toEqual([
      [
        'audit.verify_failed',
        expect.objectContaining({ caseId: cases[2], problem: 'edited', atSeq: 1 }),
      ],
    ]);
  }, 300_000);

  it('reports a record a tamperer timed at infinity as its case’s finding, and verifies every other case', async () => {
    // No millisecond count holds it (PostgreSQL read it as int8 and failed the whole run).
    await tamperWithAuditRecords(db, [
      `UPDATE audit_records SET recorded_at = 'infinity' WHERE case_id = $1 AND seq = 1`,
      [cases[3]],
    ]);
    const found = await new VerifyAuditUseCase(db.ds, new AuditRepository()).verifyAll(1);
    // The cases were opened at one instant, so a batch's order among them is their ids'.
    const broken = found.filter((f) => !f.finding.ok);
    expect(broken.map((f) => f.caseId).sort()).toEqual([cases[2], cases[3]].sort());
    expect(broken.find((f) => f.caseId === cases[3])).toEqual({
      caseId: cases[3],
      reference: expect.any(String),
      tenantId: world.tenantId,
      finding: expect.objectContaining({
        problem: 'edited',
        atSeq: 1,
        detail: 'record 1 was changed after it was written',
      }),
    });
    expect(found).toHaveLength(cases.length);
    const reference = found.find((f) => f.caseId === cases[3])?.reference;
    const out = await runTool(tool(), [], { DATABASE_URL: db.url });
    expect(out).toMatchObject({ code: 1, stderr: '' });
    expect(out.stdout).toContain(
      `BROKEN case ${reference} (id ${cases[3]}): record 1 edited (record 1 was changed after it was written)\n`,
    );
    expect(out.stdout).toMatch(
      new RegExp(`\\n${cases.length} case chains verified, 2 broken\\.\\n$`),
    );
  }, 300_000);

  it('fails the whole run when a batch cannot be read, saying why, and gives back its connections', async () => {
    // A statement PostgreSQL fails on one case's records: a policy that raises when it reads them.
    await db.superuser(
      `CREATE FUNCTION unreadable(c uuid) RETURNS boolean LANGUAGE plpgsql AS $$
         BEGIN
           IF c = '${cases[3]}' THEN RAISE EXCEPTION 'record unreadable'; END IF;
           RETURN true;
         END $$`,
    );
    await db.superuser(
      'CREATE POLICY unreadable ON audit_records AS RESTRICTIVE FOR SELECT USING (unreadable(case_id))',
    );
    const [{ reference }]: { reference: string }[] = await db.ds.query(
      'SELECT reference FROM cases WHERE id = $1',
      [cases[3]],
    );
    // Which records could not be read, and why: the case and its council named.
    await expect(new VerifyAuditUseCase(db.ds, new AuditRepository()).verifyAll(1)).rejects.toThrow(
      `could not read the audit records of cases ${reference} to ${reference} (council ${world.tenantId}): record unreadable`,
    );
    const pool = (db.ds.driver as unknown as { master: { totalCount: number; idleCount: number } })
      .master;
    await waitUntil('every connection is back in the pool', () =>
      Promise.resolve(pool.idleCount === pool.totalCount),
    );
    const out = await runTool(tool(), [], { DATABASE_URL: db.url });
    expect(out).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        new RegExp(
          `^could not read the audit records of cases \\S+ to \\S+ \\(council ${world.tenantId}\\): record unreadable\n$`,
        ),
      ),
    });
  }, 300_000);
});
