import fc from 'fast-check';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { AuditRepository } from './audit.repository';
import { canonicalJson } from './canonical-json';
import { verifyAgainstHead, verifyBatch } from './verify-batch.service';

/*
 * audit:verify reads a batch's links as the text COPY … TO STDOUT writes (rawChains);
 * verifyCase reads them as rows (chains). Whatever text the records hold (any character
 * PostgreSQL stores: tabs, line breaks, backslashes, quotes, control and non-ASCII characters,
 * escape sequences as COPY writes them) and whatever a tamperer then writes into one field (the
 * actor, authority, event, states, hashes, recorded_at to the microsecond, a null for an empty
 * state, a redaction statement), both ways must find the same, and neither may find a changed
 * chain intact (fast-check).
 */
const text = fc
  .string({ unit: 'binary', maxLength: 12 })
  .map((s) => s.replace(/\u0000/g, ''))
  // Well formed: no lone surrogate (UTF-8 would carry it as U+FFFD).
  .filter((s) => Buffer.from(s, 'utf8').toString('utf8') === s);
const hostile = fc.oneof(
  text,
  fc.constantFrom(
    '\t',
    '\n',
    '\r\n',
    '\\',
    '\\t',
    '\\n',
    '\\\\',
    '\\.',
    '\\N',
    '\\\\N',
    '"',
    "'",
    '\\u0000',
    '',
  ),
);
const json: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostile,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(hostile, tie('v'), { maxKeys: 3 }),
  ),
})).v;

describe('rawChains and chains find the same in any text a tamperer writes (property)', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  const audit = new AuditRepository();
  let prev = '';
  let seq = 0;

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
    const links = await audit.chain(w.scopeA, db.ds.manager, w.caseOfA);
    prev = links[links.length - 1].hash;
    seq = links.length;
    await db.superuser('ALTER TABLE audit_records DISABLE TRIGGER audit_records_no_update_delete');
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** Past the audit table's trigger (disabled for this database), as a tamperer would. */
  const tamper = (sql: string, params: unknown[]) => db.superuser(sql, params);

  async function bothWays() {
    const [c]: { version: number; head: string }[] = await db.superuser(
      'SELECT version, audit_head AS head FROM cases WHERE id = $1',
      [w.caseOfA],
    );
    const cases = [{ id: w.caseOfA, ...c }];
    const raw = await db.ds.transaction('REPEATABLE READ', (m) =>
      audit.rawChains(w.scopeA, m, [w.caseOfA]),
    );
    const rows = await audit.chains(w.scopeA, db.ds.manager, [w.caseOfA]);
    return {
      batch: verifyBatch({ tenantId: w.scopeA.tenantId, cases, links: raw })[0],
      oneByOne: verifyAgainstHead(rows.get(w.caseOfA) ?? [], c.version, c.head),
    };
  }

  const columns = ['actor', 'authority', 'event', 'from_state', 'to_state', 'prev_hash', 'hash'];
  const change = fc.oneof(
    fc.record({ column: fc.constantFrom('actor', 'authority', 'event'), value: json }),
    // A null for from_state (the first link's, NOT NULL elsewhere) where the text was empty.
    fc.record({ column: fc.constant('from_state'), value: fc.oneof(hostile, fc.constant(null)) }),
    fc.record({ column: fc.constantFrom('to_state', 'prev_hash', 'hash'), value: hostile }),
    fc.record({ column: fc.constant('recorded_at'), value: fc.integer({ min: 1, max: 999 }) }),
    fc.record({ column: fc.constant('signed'), value: json }),
  );

  it('appends hostile links, tampers one field of one, and compares the findings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ actor: json, authority: json, event: json, from: hostile, to: hostile }),
        change,
        async (link, { column, value }) => {
          seq += 1;
          const m = db.ds.manager;
          prev = await audit.append(
            w.scopeA,
            m,
            {
              tenantId: w.a.tenantId,
              caseId: w.caseOfA,
              seq,
              recordedAt: new Date(Date.UTC(2026, 5, 1, 9, 0, seq % 60, 987)),
              actor: link.actor,
              authority: link.authority,
              event: link.event,
              fromState: link.from,
              toState: link.to,
            },
            prev,
          );
          await db.superuser('UPDATE cases SET audit_head = $1, version = $2 WHERE id = $3', [
            prev,
            seq,
            w.caseOfA,
          ]);
          const before = await bothWays();
          expect(before.batch).toEqual(before.oneByOne);
          const [{ id, ...was }] = await db.superuser<Record<string, unknown>>(
            `SELECT id, ${columns.join(', ')}, recorded_at FROM audit_records WHERE case_id = $1 AND seq = $2`,
            [w.caseOfA, seq],
          );
          if (column === 'signed')
            await db.superuser(
              `INSERT INTO audit_redactions (tenant_id, case_id, seq, record_id, redacted_event, signed, made_at)
               VALUES ($1, $2, $3, $4, '{}', $5::jsonb, now())`,
              [w.a.tenantId, w.caseOfA, seq, id, JSON.stringify(value)],
            );
          else if (column === 'recorded_at')
            await tamper(
              `UPDATE audit_records SET recorded_at = recorded_at + make_interval(secs => $2::float8 / 1e6)
                 WHERE id = $1`,
              [id, value],
            );
          else
            await tamper(
              `UPDATE audit_records SET ${column} = $2${['actor', 'authority', 'event'].includes(column) ? '::jsonb' : ''} WHERE id = $1`,
              [
                id,
                ['actor', 'authority', 'event'].includes(column) ? JSON.stringify(value) : value,
              ],
            );
          const after = await bothWays();
          expect(after.batch).toEqual(after.oneByOne);
          // A hashed field written other than it was is found, whichever way it is read.
          const jsonb = ['actor', 'authority', 'event'].includes(column);
          const changed = jsonb
            ? canonicalJson(was[column]) !== canonicalJson(value)
            : columns.includes(column) && was[column] !== value;
          if (changed) expect(after.batch.ok).toBe(false);
          // Put back as it was, for the next run.
          await db.superuser('DELETE FROM audit_redactions WHERE record_id = $1', [id]);
          await tamper(
            `UPDATE audit_records SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')},
                    recorded_at = $${columns.length + 2} WHERE id = $1`,
            [
              id,
              ...columns.map((c) =>
                ['actor', 'authority', 'event'].includes(c) ? JSON.stringify(was[c]) : was[c],
              ),
              was.recorded_at,
            ],
          );
        },
      ),
      { numRuns: 40 },
    );
  });
});
