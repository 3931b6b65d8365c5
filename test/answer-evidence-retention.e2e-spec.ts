import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { KeepAnswerEvidenceOutsideTheChain1796394236896 } from '../migrations/1796394236896-keep-answer-evidence-outside-the-chain';
import { VerifyAuditUseCase } from '../libs/audit/verify-audit.use-case';
import type { Actor } from '../libs/core/actor.dto';
import { DirectoryRepository } from '../libs/directory/directory.repository';
import { PersonalDataRetentionUseCase } from '../libs/documents/personal-data-retention.use-case';
import { LinkTokens } from '../libs/links/link-token.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../libs/testing/world.factory';

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
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const caseId = (
      await request(app.getHttpServer())
        .post('/api/cases')
        .set(auth)
        .send(openBcfCaseBody(world))
        .expect(201)
    ).body.id as string;
    await request(app.getHttpServer())
      .post(`/api/cases/${caseId}/events`)
      .set(auth)
      .send({ type: 'SEEK_AGREEMENT', expectedVersion: 1 })
      .expect(200);
    const [link]: { id: string }[] = await db.ds.query(
      `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
      [caseId, world.ids.people.ceo],
    );
    return { caseId, linkId: link.id };
  }

  /** The answer as the code before the cut-over recorded it: the evidence inside the link. */
  async function answerTheOldWay(world: BcfWorld, caseId: string, linkId: string) {
    const person = await new DirectoryRepository().person(
      db.ds.manager,
      world.tenantId,
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

    // The pages read "disposed of"; the new chain never held the browser, the old one still does.
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
    const oldChain: { event: unknown }[] = await db.ds.query(
      'SELECT event FROM audit_records WHERE case_id = $1',
      [old.caseId],
    );
    expect(JSON.stringify(oldChain)).toContain(OLD_BROWSER);
  });
});
