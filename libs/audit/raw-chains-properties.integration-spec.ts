import fc from 'fast-check';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { AuditRepository } from './audit.repository';
import { linksOf, verifyAgainstHead, verifyBatch } from './verify-batch.service';

/*
 * Whatever a record holds, in any column, the line PostgreSQL writes for it (rawChains) is read
 * back (linksOf, as verifyBatch reads it) into exactly the link its row gives (chain(), the path
 * audit:verify took before its links came as tab-separated lines), field by field; and verifyBatch
 * finds of the chain what verifyAgainstHead finds of its rows. The records are written straight
 * into the table, as one covering their tracks would: any text (tabs, line breaks, carriage
 * returns, backslashes, escapes written out, control characters, non-ASCII, astral characters,
 * lone surrogates where a text column takes them), an empty state or none, any JSON in the
 * actor, the authority, the event and a redaction statement, and any time PostgreSQL and a Date
 * both hold, to the microsecond, before 1970 and after 9999; and what PostgreSQL holds and a Date
 * does not, which no link the engine writes holds: infinity, -infinity, the years past 275760.
 */

/** One character of hostile text (a text column takes anything but NUL). */
const hostileChar = fc.oneof(
  fc.constantFrom('\t', '\n', '\r', '\\', '"', "'", '\\t', '\\n', '\\u0000', '\u0001', '\u001f'),
  fc.constantFrom('\u007f', '\u2028', '\u2029', '\ufeff', 'é', 'ß', '名', '🚀', '\ud83d', '\ude80'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const text = fc
  .tuple(fc.array(hostileChar, { maxLength: 12 }), fc.nat({ max: 40 }))
  .map(([cs, n]) => {
    const s = cs.join('').replace(/\0/g, '');
    // Now and then a long text: a few thousand characters of it.
    return n === 40 ? s.repeat(3000) : s;
  });
/** What jsonb takes in a string: no NUL, no lone surrogate (it refuses both). */
const jsonbChar = hostileChar.filter(
  (c) => !/\0|[\ud800-\udfff]/.test(c) || /^(?:[\ud800-\udbff][\udc00-\udfff])+$/.test(c),
);
const json = fc.oneof(
  fc.jsonValue({ maxDepth: 3, stringUnit: jsonbChar }),
  fc.constantFrom(-0, 1e21, 1e-7, 5e-324, 2 ** 53 + 2, -1.5, 0.1 + 0.2, 'x\ty\nz', { '\t': '\n' }),
);

const DAY_US = 86_400_000_000n;
/** 4713-11-25 BC, a day after PostgreSQL's first; 275760-09-13, a Date's last. */
const FIRST_US = -210_866_803_200_000_000n + DAY_US;
const LAST_US = 8_640_000_000_000_000_000n;
const micros = fc.oneof(
  fc.bigInt({ min: FIRST_US, max: LAST_US }),
  fc.bigInt({ min: -3n * DAY_US, max: 3n * DAY_US }),
  fc.constantFrom(0n, -1n, 1n, -999n, -1000n, -1001n, 999n, DAY_US - 1n, -DAY_US + 1n),
  // Either side of 10000-01-01, 2000-02-29's end and 2026's end.
  fc.constantFrom(253_402_300_800_000_000n, 951_868_800_000_000n, 1_798_761_600_000_000n),
  fc.bigInt({ min: -2000n, max: 2000n }).map((d) => 253_402_300_800_000_000n + d),
);

/** A time only a tamperer writes, as PostgreSQL reads it (a Date ends in 275760, PostgreSQL in 294276). */
const undated = fc.oneof(
  fc.constantFrom('infinity', '-infinity', '275760-09-13 00:00:00.001+00'),
  fc
    .tuple(
      fc.integer({ min: 275_761, max: 294_275 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 }),
      fc.integer({ min: 0, max: 86_399_999_999 }),
    )
    .map(([y, m, d, us]) => {
      const t = new Date(Date.UTC(2000, 0, 1) + Math.floor(us / 1000)).toISOString().slice(11, 19);
      return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')} ${t}.${String(us % 1_000_000).padStart(6, '0')}+00`;
    }),
);

const record = fc.record({
  at: fc.oneof({ weight: 4, arbitrary: micros }, { weight: 1, arbitrary: undated }),
  actor: json,
  authority: json,
  event: json,
  fromState: fc.option(text, { nil: null }),
  toState: text,
  prevHash: text,
  hash: text,
  signed: fc.option(json, { nil: null }),
});

describe('rawChains’ lines: any record read back as its row', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  const audit = new AuditRepository();
  let seq = 1000;

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
  });

  afterAll(async () => {
    await db?.drop();
  });

  async function write(r: typeof record extends fc.Arbitrary<infer R> ? R : never) {
    const [{ id }] = await db.superuser<{ id: string }>(
      `INSERT INTO audit_records (tenant_id, case_id, seq, recorded_at, actor, authority, event, from_state, to_state, prev_hash, hash)
       VALUES ($1, $2, $3, ${typeof r.at === 'bigint' ? "timestamptz 'epoch' + $4::int8 * interval '1 microsecond'" : '$4::timestamptz'}, $5::jsonb, $6::jsonb, $7::jsonb, $8, $9, $10, $11)
       RETURNING id`,
      [
        w.a.tenantId,
        w.caseOfA,
        ++seq,
        r.at.toString(),
        JSON.stringify(r.actor),
        JSON.stringify(r.authority),
        JSON.stringify(r.event),
        r.fromState,
        r.toState,
        r.prevHash,
        r.hash,
      ],
    );
    if (r.signed !== null)
      await db.superuser(
        `INSERT INTO audit_redactions (tenant_id, case_id, seq, record_id, redacted_event, signed, made_at)
         VALUES ($1, $2, $3, $4, '{}', $5::jsonb, now())`,
        [w.a.tenantId, w.caseOfA, seq, id, JSON.stringify(r.signed)],
      );
  }

  it('reads every field of every link as chain() reads its row, and finds the chain as its rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 4 }), async (records) => {
        for (const r of records) await write(r);
        const [c] = await db.superuser<{ version: number; head: string }>(
          'SELECT version, audit_head AS head FROM cases WHERE id = $1',
          [w.caseOfA],
        );
        const lines = await db.ds.transaction('REPEATABLE READ', (m) =>
          audit.rawChains(w.scopeA, m, [w.caseOfA]),
        );
        const rows = await audit.chain(w.scopeA, db.ds.manager, w.caseOfA);
        const batch = { tenantId: w.a.tenantId, cases: [{ id: w.caseOfA, ...c }], links: lines };
        const read = linksOf(batch);
        expect(read).toHaveLength(rows.length);
        for (let i = 0; i < rows.length; i++) expect(read[i]).toStrictEqual(rows[i]);
        expect(verifyBatch(batch)).toEqual([verifyAgainstHead(rows, c.version, c.head)]);
      }),
      { numRuns: 30 },
    );
  });
});
