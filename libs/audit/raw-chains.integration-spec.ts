import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import type { ChainFinding } from './audit-chain.service';
import { AuditRepository } from './audit.repository';
import { copyOut, copyText } from './copy-out.service';
import { verifyAgainstHead, verifyBatch } from './verify-batch.service';

/*
 * audit:verify reads each batch's links as the text PostgreSQL writes (AuditRepository.rawChains,
 * a line a link, its fields separated by tabs): whatever the records hold (quotes, backslashes,
 * tabs, line breaks, non-ASCII in the actor, the authority, the event and the states; a redaction
 * or none; a hash rewritten to carry a line of its own), verifyBatch must find exactly what
 * verifying the links read as rows finds (AuditRepository.chains, as verifyCase does).
 */
const HOSTILE = 'Zoë "Q" O\'Brien \\ back\\slash\ttab\nnew line\r\u0001 – 名前 🚀';

describe('rawChains: each batch’s links as PostgreSQL writes them, read by verifyBatch', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  const audit = new AuditRepository();

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
    // 150 links of hostile text appended to council A's case, its row advanced to the last: ~0.5 MB
    // of text, which pg reads in many pieces (each row kept whole whatever pg's next read writes).
    const m = db.ds.manager;
    let links = await audit.chain(w.scopeA, m, w.caseOfA);
    let prev = links[links.length - 1].hash;
    for (let i = 1; i <= 150; i++) {
      prev = await audit.append(
        w.scopeA,
        m,
        {
          tenantId: w.a.tenantId,
          caseId: w.caseOfA,
          seq: links.length + i,
          recordedAt: new Date(Date.UTC(2026, 5, 1, 9, i, 0, 987)),
          actor: { kind: 'person', personId: w.a.ids.people.officer, name: HOSTILE },
          authority: { kind: 'officer', role: `officer ${HOSTILE}`, [HOSTILE]: [i, null, true] },
          event: {
            type: 'RECORD_NOTE',
            payload: { note: HOSTILE.repeat(50), n: i * 1.25, big: 1e21 },
          },
          // A state of the two characters COPY writes for NULL, escaped, is not NULL.
          fromState: i === 1 ? null : i === 2 ? '\\N' : `${HOSTILE} ${i - 1}`,
          toState: `${HOSTILE} ${i}`,
        },
        prev,
      );
    }
    links = await audit.chain(w.scopeA, m, w.caseOfA);
    await db.superuser('UPDATE cases SET audit_head = $1, version = $2 WHERE id = $3', [
      prev,
      links.length,
      w.caseOfA,
    ]);
  });

  afterAll(async () => {
    await db?.drop();
  });

  /** As someone covering their tracks would: past the audit table's triggers. */
  async function tamper(update: string): Promise<void> {
    await db.superuser(`BEGIN; SET LOCAL session_replication_role = replica; ${update}; COMMIT`);
  }

  /** Both councils' cases verified as audit:verify's batches, and one by one from their rows. */
  async function bothWays(): Promise<{ batch: ChainFinding[]; oneByOne: ChainFinding[] }[]> {
    const out = [];
    for (const [scope, caseId] of [
      [w.scopeA, w.caseOfA],
      [w.scopeB, w.caseOfB],
    ] as const) {
      const [c]: { version: number; head: string }[] = await db.superuser(
        'SELECT version, audit_head AS head FROM cases WHERE id = $1',
        [caseId],
      );
      const cases = [{ id: caseId, ...c }];
      const text = await db.ds.transaction('REPEATABLE READ', (m) =>
        audit.rawChains(scope, m, [caseId]),
      );
      const rows = await audit.chains(scope, db.ds.manager, [caseId]);
      out.push({
        batch: verifyBatch({ tenantId: scope.tenantId, cases, links: text }),
        oneByOne: [verifyAgainstHead(rows.get(caseId) ?? [], c.version, c.head)],
      });
    }
    return out;
  }

  it('finds chains of quotes, backslashes, tabs, line breaks and non-ASCII intact, as their rows', async () => {
    const text = copyText(
      await db.ds.transaction((m) => audit.rawChains(w.scopeA, m, [w.caseOfA])),
    );
    const rows = (await audit.chains(w.scopeA, db.ds.manager, [w.caseOfA])).get(w.caseOfA) ?? [];
    // A line a link, whatever its text holds, each ended by a line break.
    expect(text.endsWith('\n')).toBe(true);
    expect(text.slice(0, -1).split('\n')).toHaveLength(rows.length);
    const found = await bothWays();
    for (const f of found) expect(f.batch).toEqual(f.oneByOne);
    expect(found[0].batch[0]).toMatchObject({ ok: true, records: rows.length });
    expect(found[1].batch[0].ok).toBe(true);
  });

  it('finds a hash rewritten to carry a line of its own where its row does, and nothing else changed', async () => {
    const rows = (await audit.chains(w.scopeA, db.ds.manager, [w.caseOfA])).get(w.caseOfA) ?? [];
    const target = rows[rows.length - 2];
    const last = rows[rows.length - 1];
    // The tamperer writes into the hash a tab and line break followed by a copy of the last
    // link's line, as a text split at raw line breaks and tabs would take for a link.
    const forged = `${target.hash}\t\n${last.id}\t${w.caseOfA}\t${last.seq}\t0\t{}\t{}\t{}\t["a","b","c","d"]\t`;
    await tamper(
      `UPDATE audit_records SET hash = '${forged.replace(/'/g, "''")}' WHERE id = ${target.id}`,
    );
    const found = await bothWays();
    for (const f of found) expect(f.batch).toEqual(f.oneByOne);
    expect(found[0].batch[0]).toMatchObject({ ok: false, atSeq: target.seq });
    expect(found[1].batch[0].ok).toBe(true);
  });

  it('reads a redaction statement of hostile text beside its link, as its row does', async () => {
    const rows = (await audit.chains(w.scopeB, db.ds.manager, [w.caseOfB])).get(w.caseOfB) ?? [];
    const link = rows[0];
    const signed = { statement: { note: HOSTILE, seq: link.seq }, signature: `x\ty\n${HOSTILE}` };
    await db.superuser(
      `INSERT INTO audit_redactions (tenant_id, case_id, seq, record_id, redacted_event, signed, made_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())`,
      [w.b.tenantId, w.caseOfB, link.seq, link.id, JSON.stringify({ note: HOSTILE }), signed],
    );
    // The link's event redacted: its statement, forged here, is what must vouch for it.
    await tamper(
      `UPDATE audit_records a SET event = r.redacted_event FROM audit_redactions r WHERE r.record_id = a.id AND a.id = ${link.id}`,
    );
    const read = (await audit.chains(w.scopeB, db.ds.manager, [w.caseOfB])).get(w.caseOfB) ?? [];
    expect(read[0].redaction).toEqual(signed);
    const found = await bothWays();
    for (const f of found) expect(f.batch).toEqual(f.oneByOne);
    expect(found[1].batch[0]).toMatchObject({ ok: false, atSeq: link.seq });
    expect((found[1].batch[0] as { detail: string }).detail).toContain('redaction statement');
  });

  it('rejects a COPY PostgreSQL refuses, and leaves the connection answering', async () => {
    await expect(
      db.ds.transaction((m) => copyOut(m, 'COPY (SELECT 1 / 0) TO STDOUT')),
    ).rejects.toThrow('division by zero');
    await expect(copyOut(db.ds.manager, 'COPY (SELECT 1) TO STDOUT')).rejects.toThrow(
      'inside a transaction',
    );
    await expect(
      db.ds.transaction((m) => copyOut(m, "COPY (SELECT 'a\tb', NULL) TO STDOUT")),
    ).resolves.toBe('a\\tb\t\\N\n');
  });
});
