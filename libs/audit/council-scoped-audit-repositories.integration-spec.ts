import { randomUUID } from 'node:crypto';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { AuditCheckpointRepository } from './audit-checkpoint.repository';
import { GENESIS_HASH } from './audit-chain.service';
import { AuditRedactionRepository } from './audit-redaction.repository';
import type { RedactionStatement } from './audit-redaction.service';
import { AuditRepository } from './audit.repository';
import { CheckpointKey, type CheckpointStatement } from './checkpoint-key.service';
import { ResponseEvidenceRepository } from './response-evidence.repository';

/*
 * The audit's repositories take the council's scope, and a call scoped to council A reads and
 * erases none of council B's rows, whatever case id it is given. As in
 * libs/engine/council-scoped-repositories.integration-spec.ts, the calls run outside every
 * request's and worker's scope, where row-level security lets every row through (ADR 0015): what
 * keeps council B's rows out is the repository's own clause.
 */
describe('audit repositories scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  const audit = new AuditRepository();
  const checkpoints = new AuditCheckpointRepository();

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('does not read another council’s audit chain or its links by actor', async () => {
    const m = db.ds.manager;
    const { scopeA, scopeB, caseOfA, caseOfB } = w;
    expect((await audit.chain(scopeB, m, caseOfB)).length).toBeGreaterThan(0);
    await expect(audit.chain(scopeA, m, caseOfB)).resolves.toEqual([]);
    const chains = await audit.chains(scopeA, m, [caseOfA, caseOfB]);
    expect([...chains.keys()]).toEqual([caseOfA]);
    const officerOfB = w.b.ids.people.officer;
    expect((await audit.byActor(scopeB, m, [officerOfB])).length).toBeGreaterThan(0);
    await expect(audit.byActor(scopeA, m, [officerOfB])).resolves.toEqual([]);
  });

  it('reads no head of another council’s chain and appends no link to its case', async () => {
    const m = db.ds.manager;
    const { scopeA, scopeB, caseOfB } = w;
    const chainOfB = await audit.chain(scopeB, m, caseOfB);
    const headOfB = chainOfB[chainOfB.length - 1].hash;
    await expect(audit.head(scopeB, m, caseOfB)).resolves.toBe(headOfB);
    await expect(audit.head(scopeA, m, caseOfB)).resolves.toBe(GENESIS_HASH);

    const link = {
      tenantId: w.a.tenantId,
      caseId: caseOfB,
      seq: chainOfB.length + 1,
      recordedAt: new Date(),
      actor: { kind: 'person', personId: w.a.ids.people.officer },
      authority: { kind: 'officer', role: 'officer' },
      event: { type: 'CASE_PAUSED', reason: 'Written by another council' },
      fromState: null,
      toState: 'tampered',
    };
    await expect(audit.append(scopeA, m, link)).rejects.toThrow(`no case ${caseOfB}`);
    await expect(audit.append(scopeA, m, { ...link, tenantId: w.b.tenantId })).rejects.toThrow(
      'appended in',
    );
    const written: { n: number }[] = await m.query(
      'SELECT count(*)::int AS n FROM audit_records WHERE case_id = $1',
      [caseOfB],
    );
    expect(written[0].n).toBe(chainOfB.length);
  });

  it('does not read another council’s case head for a redaction', async () => {
    const m = db.ds.manager;
    expect(await AuditRedactionRepository.caseAt(w.scopeB, m, w.caseOfB)).not.toBeNull();
    await expect(AuditRedactionRepository.caseAt(w.scopeA, m, w.caseOfB)).resolves.toBeNull();
  });

  it('redacts no link of another council’s case', async () => {
    const m = db.ds.manager;
    const [first] = await audit.chain(w.scopeB, m, w.caseOfB);
    const statement = (council: string): RedactionStatement => ({
      format: 'ratify-audit-redaction/1',
      council,
      caseId: w.caseOfB,
      seq: first.seq,
      recordId: first.id,
      hash: first.hash,
      prevHash: first.prevHash,
      redactedHash: first.hash,
      withheld: [],
      reason: 'Redacted by another council',
      madeAt: new Date().toISOString(),
    });
    const key = CheckpointKey.ephemeral();
    const redact = (council: string) =>
      AuditRedactionRepository.redact(w.scopeA, m, key.sign(statement(council)), {}, new Date());
    await expect(redact(w.a.tenantId)).rejects.toThrow(`no link ${first.id}`);
    await expect(redact(w.b.tenantId)).rejects.toThrow('made in');
    const kept: { n: number }[] = await m.query(
      'SELECT count(*)::int AS n FROM audit_redactions WHERE case_id = $1',
      [w.caseOfB],
    );
    expect(kept[0].n).toBe(0);
    expect((await audit.chain(w.scopeB, m, w.caseOfB))[0].event).toEqual(first.event);
  });

  it('does not take another council’s cases or checkpoint into its own', async () => {
    const m = db.ds.manager;
    const leavesOfA = await checkpoints.currentLeaves(w.scopeA, m);
    expect(leavesOfA.map((l) => l.caseId)).toEqual([w.caseOfA]);
    const leavesOfB = await checkpoints.currentLeaves(w.scopeB, m);
    const signed = CheckpointKey.ephemeral().sign<CheckpointStatement>({
      format: 'ratify-audit-checkpoint/1',
      council: w.b.tenantId,
      treeSize: leavesOfB.length,
      rootHash: 'root-of-b',
      madeAt: new Date().toISOString(),
    });
    await expect(checkpoints.insert(w.scopeA, m, signed, leavesOfB)).rejects.toThrow('kept in');
    await expect(checkpoints.latest(w.scopeA, m)).resolves.toBeNull();
    await checkpoints.insert(w.scopeB, m, signed, leavesOfB);
    expect((await checkpoints.latest(w.scopeB, m))?.published.statement.council).toBe(w.b.tenantId);
    await expect(checkpoints.latest(w.scopeA, m)).resolves.toBeNull();
    expect((await checkpoints.matching(w.scopeB, m, signed))?.leaves).toEqual(leavesOfB);
    await expect(checkpoints.matching(w.scopeA, m, signed)).resolves.toBeNull();
  });

  it('records no answer’s evidence on another council’s case', async () => {
    const m = db.ds.manager;
    const evidence = {
      caseId: w.caseOfB,
      seq: 2,
      linkId: randomUUID(),
      content: { ip: '192.0.2.2', userAgent: 'a browser of council A' },
      salt: 'salt-of-a',
      at: new Date(),
    };
    await expect(ResponseEvidenceRepository.record(w.scopeA, m, evidence)).rejects.toThrow(
      `no case ${w.caseOfB}`,
    );
    const written: { n: number }[] = await m.query(
      'SELECT count(*)::int AS n FROM response_evidence WHERE case_id = $1 AND seq = 2',
      [w.caseOfB],
    );
    expect(written[0].n).toBe(0);
  });

  it('does not read or erase another council’s answers’ evidence', async () => {
    const m = db.ds.manager;
    await ResponseEvidenceRepository.record(w.scopeB, m, {
      caseId: w.caseOfB,
      seq: 1,
      linkId: randomUUID(),
      content: { ip: '192.0.2.1', userAgent: 'a browser of council B' },
      salt: 'salt-of-b',
      at: new Date(),
    });
    await expect(ResponseEvidenceRepository.forCase(w.scopeA, m, w.caseOfB)).resolves.toEqual(
      new Map(),
    );
    await expect(
      ResponseEvidenceRepository.erase(w.scopeA, m, w.caseOfB, new Date()),
    ).resolves.toBe(0);
    const kept = await ResponseEvidenceRepository.forCase(w.scopeB, m, w.caseOfB);
    expect(kept.get(1)).toMatchObject({ salt: 'salt-of-b', erasedAt: null });
  });
});
