import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { KeepAnswerEvidenceOutsideTheChain1796394236896 } from '../migrations/1796394236896-keep-answer-evidence-outside-the-chain';
import { chainHash, contentOf } from '../libs/audit/audit-chain.service';
import { AuditRepository } from '../libs/audit/audit.repository';
import { CheckpointKey } from '../libs/audit/checkpoint-key.service';
import { VerifyAuditUseCase } from '../libs/audit/verify-audit.use-case';
import type { Actor } from '../libs/core/actor.dto';
import { DirectoryRepository } from '../libs/directory/directory.repository';
import { PersonalDataRetentionUseCase } from '../libs/documents/personal-data-retention.use-case';
import { LinkTokens } from '../libs/links/link-token.service';
import { caseAwaitingAgreementOverApi } from '../libs/testing/bcf-api-harness.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, type BcfWorld } from '../libs/testing/world.factory';
import { tenantScope } from '../libs/core/tenant-scope';

const YEAR = 366 * 24 * 3600_000;
const OLD_BROWSER = 'Mozilla/5.0 (Windows NT 6.1) written-before-the-cut-over';
const NEW_BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) answered-after-the-cut-over';

/*
 * docs/adr/0020: an answer's IP address, browser and step-up email kept beside the audit chain,
 * the chain's link holding a salted commitment to them. Links written before the cut-over keep
 * theirs (the migration copies it beside them); both kinds of chain verify before and after
 * retention erases the evidence.
 */
describe('answers’ personal evidence kept outside the audit chain, erased by retention', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let h: ReturnType<typeof engineHarness>;

  beforeAll(async () => {
    db = await openTestDatabase();
    h = engineHarness(db.ds);
    app = await buildTestApp(db.ds, h.clock, { LINK_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function caseAwaitingAgreement(world: BcfWorld) {
    const { caseId } = await caseAwaitingAgreementOverApi(app, world);
    const [link]: { id: string }[] = await db.ds.query(
      `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
      [caseId, world.ids.people.ceo],
    );
    return { caseId, linkId: link.id };
  }

  /** The answer as the code before the cut-over recorded it: the evidence inside the link. */
  async function answerTheOldWay(world: BcfWorld, caseId: string, linkId: string) {
    const person = await new DirectoryRepository().person(
      tenantScope(world.tenantId),
      db.ds.manager,
      world.ids.people.ceo,
    );
    await h.send.send(
      caseId,
      { type: 'AGREE', as: 'chiefExecutive', payload: {} },
      { kind: 'person', tenantId: world.tenantId, person: person! },
      {
        evidence: {
          channel: 'email-link',
          linkId,
          response: 'approve',
          receivedAt: h.clock.now().toISOString(),
          ip: '203.0.113.7',
          userAgent: OLD_BROWSER,
          documents: [],
        },
      },
    );
  }

  async function answerByLink(linkId: string) {
    const token = app.get(LinkTokens).tokenFor(linkId);
    const page = await request(app.getHttpServer()).get(`/act/${token}`).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1];
    await request(app.getHttpServer())
      .post(`/act/${token}`)
      .set('User-Agent', NEW_BROWSER)
      .type('form')
      .send({ csrf, response: 'approve' })
      .expect(200);
  }

  const keptRows = async (caseId: string) =>
    (await db.ds.query(
      'SELECT seq, content, salt, in_chain, erased_at FROM response_evidence WHERE case_id = $1 ORDER BY seq',
      [caseId],
    )) as {
      seq: number;
      content: Record<string, string> | null;
      salt: string | null;
      in_chain: boolean;
      erased_at: Date | null;
    }[];

  it('copies the evidence of links written before the cut-over, commits to later answers’ evidence, and both chains verify before and after it is erased', async () => {
    const world = await buildBcfWorld(db.ds);
    const old = await caseAwaitingAgreement(world);
    await answerTheOldWay(world, old.caseId, old.linkId);
    // The migration, run on the database as it stood before: the old link's evidence copied.
    const migration = new KeepAnswerEvidenceOutsideTheChain1796394236896();
    const q = (await db.owner()).createQueryRunner();
    try {
      await migration.down(q);
      await migration.up(q);
    } finally {
      await q.release();
    }
    const fresh = await caseAwaitingAgreement(world);
    await answerByLink(fresh.linkId);

    const oldRows = await keptRows(old.caseId);
    expect(oldRows).toEqual([
      expect.objectContaining({
        in_chain: true,
        salt: null,
        content: { ip: '203.0.113.7', userAgent: OLD_BROWSER },
      }),
    ]);
    const freshRows = await keptRows(fresh.caseId);
    expect(freshRows).toEqual([
      expect.objectContaining({
        seq: 3,
        in_chain: false,
        salt: expect.any(String),
        content: expect.objectContaining({ userAgent: NEW_BROWSER }),
      }),
    ]);
    const freshChain: { event: unknown }[] = await db.ds.query(
      'SELECT event FROM audit_records WHERE case_id = $1',
      [fresh.caseId],
    );
    expect(JSON.stringify(freshChain)).not.toContain('iPhone');

    const audit = app.get(VerifyAuditUseCase);
    const verified = async () =>
      Object.fromEntries(
        (await audit.verifyAll())
          .filter((r) => r.tenantId === world.tenantId)
          .map((r) => [r.caseId, r.finding]),
      );
    expect(await verified()).toEqual({
      [old.caseId]: expect.objectContaining({ ok: true, records: 3 }),
      [fresh.caseId]: expect.objectContaining({ ok: true, records: 3 }),
    });
    const freshTrail = await audit.trail(world.tenantId, fresh.caseId);
    expect(freshTrail.at(-1)!.personalEvidence).toMatchObject({
      state: 'kept',
      userAgent: NEW_BROWSER,
      matchesChain: true,
    });

    // Both cases closed seven years ago: retention erases the evidence kept beside both chains.
    await db.ds.query('UPDATE cases SET closed_at = $2 WHERE id = ANY($1)', [
      [old.caseId, fresh.caseId],
      new Date(h.clock.now().getTime() - 7 * YEAR),
    ]);
    const oldHashes = (
      (await db.ds.query('SELECT hash FROM audit_records WHERE case_id = $1 ORDER BY seq', [
        old.caseId,
      ])) as { hash: string }[]
    ).map((r) => r.hash);
    const retention = app.get(PersonalDataRetentionUseCase);
    const due = (await retention.due(world.tenantId)).filter((d) => d.kind === 'linkEvidence');
    expect(due.map((d) => d.caseId).sort()).toEqual([old.caseId, fresh.caseId].sort());
    const [person] = await db.ds.query('SELECT id, name FROM people WHERE id = $1', [
      world.ids.people.ceo,
    ]);
    const admin: Actor = { kind: 'person', tenantId: world.tenantId, person };
    expect(
      await retention.dispose(
        world.tenantId,
        due.map((d) => d.key),
        admin,
      ),
    ).toBe(2);

    for (const caseId of [old.caseId, fresh.caseId])
      for (const row of await keptRows(caseId))
        expect(row).toMatchObject({ content: null, salt: null, erased_at: h.clock.now() });
    expect(await verified()).toEqual({
      [old.caseId]: expect.objectContaining({ ok: true, records: 4 }),
      [fresh.caseId]: expect.objectContaining({ ok: true, records: 4 }),
    });
    const disposal: { event: { erased: Record<string, number> } }[] = await db.ds.query(
      `SELECT event FROM audit_records WHERE case_id = $1 AND event->>'type' = 'PERSONAL_DATA_DISPOSED'`,
      [fresh.caseId],
    );
    expect(disposal[0].event.erased).toMatchObject({ answers: 1 });

    // The pages read "disposed of"; the new chain never held the browser, the old one no more.
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const certificate = await request(app.getHttpServer())
      .get(`/api/cases/${fresh.caseId}/certificate`)
      .set(auth)
      .expect(200);
    expect(certificate.text).toContain('IP address and browser disposed of on');
    expect(certificate.text).not.toContain('iPhone');
    const oldCertificate = await request(app.getHttpServer())
      .get(`/api/cases/${old.caseId}/certificate`)
      .set(auth)
      .expect(200);
    expect(oldCertificate.text).not.toContain(OLD_BROWSER);
    expect(oldCertificate.text).not.toContain('203.0.113.7');

    // The old link itself no longer holds the IP address or the browser: redacted under a
    // statement signed with the council's key, its hash (and the chain's head) unchanged.
    const oldChain: { seq: number; event: unknown; hash: string }[] = await db.ds.query(
      'SELECT seq, event, hash FROM audit_records WHERE case_id = $1 ORDER BY seq',
      [old.caseId],
    );
    expect(JSON.stringify(oldChain)).not.toContain(OLD_BROWSER);
    expect(JSON.stringify(oldChain)).not.toContain('203.0.113.7');
    expect(oldChain[2].event).toMatchObject({
      evidence: { linkId: old.linkId, withheld: ['evidence.ip', 'evidence.userAgent'] },
    });
    expect(oldChain[2].hash).toBe(oldHashes[2]);
    const oldDisposal = oldChain.at(-1)!.event as { erased: Record<string, number> };
    expect(oldDisposal.erased).toMatchObject({ answers: 1, chainLinks: 1 });
    const statements: { seq: number; signed: { statement: Record<string, unknown> } }[] =
      await db.ds.query('SELECT seq, signed FROM audit_redactions WHERE case_id = $1', [
        old.caseId,
      ]);
    expect(statements).toEqual([
      expect.objectContaining({
        seq: 3,
        signed: expect.objectContaining({
          statement: expect.objectContaining({ hash: oldHashes[2], caseId: old.caseId }),
        }),
      }),
    ]);
    // Nothing is due any more.
    expect((await retention.due(world.tenantId)).filter((d) => d.caseId === old.caseId)).toEqual(
      [],
    );
  });

  it('refuses an edit of an old link without a statement, and a forged or altered statement fails verification', async () => {
    const world = await buildBcfWorld(db.ds);
    const old = await caseAwaitingAgreement(world);
    await answerTheOldWay(world, old.caseId, old.linkId);
    const audit = app.get(VerifyAuditUseCase);
    const stripped = { type: 'AGREE', evidence: { channel: 'email-link', linkId: old.linkId } };
    const [link]: { id: string; seq: number }[] = await db.ds.query(
      `SELECT id, seq FROM audit_records WHERE case_id = $1 AND event->>'type' = 'AGREE'`,
      [old.caseId],
    );
    // The database lets no one change a link's event that no statement names.
    await expect(
      db.ds.query('UPDATE audit_records SET event = $2 WHERE id = $1', [
        link.id,
        JSON.stringify(stripped),
      ]),
    ).rejects.toThrow(/append-only/);

    // Whoever controls the database writes a statement and redacts as it says, but cannot sign
    // it with the council's key: one signed with their own key fails verification.
    const chain = await new AuditRepository().chain(
      tenantScope(world.tenantId),
      db.ds.manager,
      old.caseId,
    );
    const target = chain.find((l) => l.seq === link.seq)!;
    const forged = CheckpointKey.ephemeral().sign({
      format: 'ratify-audit-redaction/1',
      council: world.tenantId,
      caseId: old.caseId,
      seq: link.seq,
      recordId: link.id,
      hash: target.hash,
      prevHash: target.prevHash,
      redactedHash: chainHash(target.prevHash, { ...contentOf(target), event: stripped }),
      withheld: ['evidence.ip', 'evidence.userAgent'],
      reason: 'forged',
      madeAt: h.clock.now().toISOString(),
    });
    await db.ds.query(
      `INSERT INTO audit_redactions (tenant_id, case_id, seq, record_id, redacted_event, signed, made_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())`,
      [
        world.tenantId,
        old.caseId,
        link.seq,
        link.id,
        JSON.stringify(stripped),
        JSON.stringify(forged),
      ],
    );
    // Even then the database lets the event become exactly the one the statement names, no other.
    await expect(
      db.ds.query('UPDATE audit_records SET event = $2 WHERE id = $1', [
        link.id,
        JSON.stringify({ type: 'AGREE' }),
      ]),
    ).rejects.toThrow(/append-only/);
    await db.ds.query('UPDATE audit_records SET event = $2 WHERE id = $1', [
      link.id,
      JSON.stringify(stripped),
    ]);
    expect(await audit.verifyCase(world.tenantId, old.caseId)).toMatchObject({
      ok: false,
      problem: 'edited',
      atSeq: link.seq,
    });
  });

  it('fails verification when a statement signed with the council’s key is altered afterwards', async () => {
    const world = await buildBcfWorld(db.ds);
    const old = await caseAwaitingAgreement(world);
    await answerTheOldWay(world, old.caseId, old.linkId);
    await db.ds.query('UPDATE cases SET closed_at = $2 WHERE id = $1', [
      old.caseId,
      new Date(h.clock.now().getTime() - 7 * YEAR),
    ]);
    const retention = app.get(PersonalDataRetentionUseCase);
    const due = (await retention.due(world.tenantId)).filter(
      (d) => d.kind === 'linkEvidence' && d.caseId === old.caseId,
    );
    expect(due).toHaveLength(1);
    const [person] = await db.ds.query('SELECT id, name FROM people WHERE id = $1', [
      world.ids.people.ceo,
    ]);
    await retention.dispose(world.tenantId, [due[0].key], {
      kind: 'person',
      tenantId: world.tenantId,
      person,
    });
    const audit = app.get(VerifyAuditUseCase);
    expect(await audit.verifyCase(world.tenantId, old.caseId)).toMatchObject({ ok: true });

    // The statement rewritten (as the database owner: the runtime role may not) to say less.
    const owner = await db.owner();
    await owner.query(
      `UPDATE audit_redactions SET signed = jsonb_set(signed, '{statement,withheld}', '["evidence.ip"]')
        WHERE case_id = $1`,
      [old.caseId],
    );
    expect(await audit.verifyCase(world.tenantId, old.caseId)).toMatchObject({
      ok: false,
      problem: 'edited',
      atSeq: 3,
      detail: expect.stringContaining('redaction statement does not vouch'),
    });
  });
});
