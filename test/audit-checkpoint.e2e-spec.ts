import { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { canonicalize } from 'json-canonicalize';
import { Client } from 'pg';
import request from 'supertest';
import { chainHash, type StoredLink } from '../libs/audit/audit-chain.service';
import { CheckpointKey, PublishedCheckpoint } from '../libs/audit/checkpoint-key.service';
import { MakeCheckpointUseCase } from '../libs/audit/make-checkpoint.use-case';
import { VerifyAuditUseCase } from '../libs/audit/verify-audit.use-case';
import { VerifyCheckpointUseCase } from '../libs/audit/verify-checkpoint.use-case';
import { AuditRepository } from '../libs/audit/audit.repository';
import { AuditCheckpointRepository } from '../libs/audit/audit-checkpoint.repository';
import { ManualClock } from '../libs/core/clock.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { ensureToolBuilt } from '../libs/testing/tool-process.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

/*
 * Issue #20, item 3: the audit anchored outside the database. A checkpoint (an RFC 6962 Merkle root
 * over every chain's head, signed with an Ed25519 key the database does not hold) is published;
 * whoever rewrites history inside the database, re-hashing everything, cannot sign it again.
 */

const STEPS: [who: 'officer' | 'ceo' | 'ao' | 'chair', type: string][] = [
  ['officer', 'SEEK_AGREEMENT'],
  ['ceo', 'AGREE'],
  ['ao', 'AGREE'],
  ['chair', 'APPROVE'],
];

describe('a signed checkpoint, published outside the database', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('catches a superuser who rewrote a chain, re-hashed it and its case’s head, which plain verification cannot', async () => {
    const world = await buildBcfWorld(db.ds);
    const server = app.getHttpServer();
    const officer = { Authorization: `Bearer ${world.keys.officer}` };
    const opened = await request(server)
      .post('/api/cases')
      .set(officer)
      .send(openBcfCaseBody(world))
      .expect(201);
    const caseId = (opened.body as { id: string }).id;
    for (const [i, [who, type]] of STEPS.entries())
      await request(server)
        .post(`/api/cases/${caseId}/events`)
        .set('Authorization', `Bearer ${world.keys[who]}`)
        .send({ type, expectedVersion: i + 1 })
        .expect(200);
    const [{ slug }]: { slug: string }[] = await db.ds.query(
      'SELECT slug FROM tenants WHERE tenant_id = $1',
      [world.tenantId],
    );
    const before = await request(server).get(`/register/${slug}`).expect(200);
    expect(before.text).not.toContain('audit-checkpoint.json');
    await app.get(MakeCheckpointUseCase).make(world.tenantId);
    // The public register links the latest, in words.
    const page = await request(server).get(`/register/${slug}`).expect(200);
    expect(page.text).toMatch(
      new RegExp(
        `href="/register/${slug}/audit-checkpoint.json">latest signed seal</a> was made on \\w+ \\d+ \\w+ \\d{4} at`,
      ),
    );

    // Published beside the register, to anyone, and checked in a few lines as README shows.
    const published = (
      await request(server).get(`/register/${slug}/audit-checkpoint.json`).expect(200)
    ).body as PublishedCheckpoint;
    expect(published.statement).toMatchObject({ council: world.tenantId, treeSize: 1 });
    const key = createPublicKey({
      key: Buffer.from(published.publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    expect(
      cryptoVerify(
        null,
        Buffer.from(canonicalize(published.statement)),
        key,
        Buffer.from(published.signature, 'base64'),
      ),
    ).toBe(true);
    // README's signed bytes, with no library: the statement's keys sorted, as RFC 8785 has them.
    const s = published.statement;
    expect(JSON.stringify(s, Object.keys(s).sort())).toBe(canonicalize(s));
    const trusted = app.get(CheckpointKey).publicKey;
    const checkpoints = new VerifyCheckpointUseCase(
      db.ds,
      new AuditCheckpointRepository(),
      new AuditRepository(),
    );
    expect(await checkpoints.verify(published, trusted)).toEqual([]);

    // The superuser rewrites record 3, re-hashes it and every record after, and the case's head.
    const trail = await request(server).get(`/api/cases/${caseId}/audit`).set(officer).expect(200);
    const records = (trail.body as { records: StoredLink[] }).records;
    const statements: [string, unknown[]][] = [];
    let prev = records[1].hash;
    for (const r of records.slice(2)) {
      const { id: _id, hash: _hash, prevHash: _prev, ...content } = r;
      const changed =
        r.seq === 3 ? { ...content, event: { type: 'AGREE', comments: 'Forged.' } } : content;
      const hash = chainHash(prev, changed);
      statements.push([
        'UPDATE audit_records SET event = $2, prev_hash = $3, hash = $4 WHERE case_id = $1 AND seq = $5',
        [caseId, JSON.stringify(changed.event), prev, hash, r.seq],
      ]);
      prev = hash;
    }
    statements.push(['UPDATE cases SET audit_head = $2 WHERE id = $1', [caseId, prev]]);
    const c = new Client({ connectionString: db.ownerUrl });
    await c.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL session_replication_role = replica');
      for (const [sql, params] of statements) await c.query(sql, params);
      await c.query('COMMIT');
    } finally {
      await c.end();
    }
    // Inside the database everything agrees now.
    expect(
      await new VerifyAuditUseCase(db.ds, new AuditRepository()).verifyCase(world.tenantId, caseId),
    ).toMatchObject({
      ok: true,
    });
    // Against the checkpoint it does not.
    expect(await checkpoints.verify(published, trusted)).toEqual([
      {
        problem: 'chain',
        caseId,
        atSeq: 5,
        detail: `records 1 to 5 no longer end in the head signed at ${published.statement.madeAt}: the chain was rewritten and re-hashed`,
      },
    ]);
    // Nor can the heads kept with the checkpoint be rewritten to match, nor its signature forged.
    await db.superuser(
      `UPDATE audit_checkpoints SET leaves = jsonb_set(leaves, '{0,head}', to_jsonb($2::text)) WHERE tenant_id = $1`,
      [world.tenantId, prev],
    );
    expect((await checkpoints.verify(published, trusted)).map((p) => p.problem)).toEqual([
      'leaves',
    ]);
    const forged = { ...published, statement: { ...published.statement, treeSize: 2 } };
    expect((await checkpoints.verify(forged, trusted)).map((p) => p.problem)).toEqual([
      'signature',
    ]);

    // npm run audit:verify -- --checkpoint <file> --public-key <file>: exit 1, saying which case.
    const tool = ensureToolBuilt('audit-verify');
    const dataDir = mkdtempSync(join(tmpdir(), 'ratify-audit-checkpoint-'));
    try {
      writeFileSync(join(dataDir, 'checkpoint.json'), JSON.stringify(published));
      writeFileSync(join(dataDir, 'council.pub'), published.publicKey);
      const run = promisify(execFile)(
        process.execPath,
        [
          tool,
          '--checkpoint',
          join(dataDir, 'checkpoint.json'),
          '--public-key',
          join(dataDir, 'council.pub'),
        ],
        {
          cwd: resolve(__dirname, '..'),
          env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: dataDir, SEED_DEMO: 'false' },
        },
      );
      await expect(run).rejects.toMatchObject({
        code: 1,
        stdout: expect.stringContaining('CHECKPOINT leaves'),
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
