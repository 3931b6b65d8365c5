import fc from 'fast-check';
import { chainHash, GENESIS_HASH, type StoredLink } from './audit-chain.service';
import { recordedAtOf } from './iso-time.service';
import { type RawBatch, verifyAgainstHead, verifyBatch } from './verify-batch.service';

/*
 * verifyBatch checks a chain that holds straight from its lines (intactAsRead) and walks only one
 * that does not: whatever was done to the records, it must find what walking every chain's links,
 * as chain() reads its rows, finds (verifyAgainstHead; audit:verify's path before issue #21's
 * speed-ups). Chains of any content are written as the engine writes them, then tampered with
 * (fields edited, re-hashed or not, records deleted, swapped, duplicated, pointers and heads
 * altered, a key added, times moved across a day, a year, 1970 and 10000, or set to what no Date
 * holds: infinity, -infinity, a year past 275760), and their jsonb written as PostgreSQL might
 * write the same value (key order, spacing, a number's form).
 */

const TENANT = '0b7c3c52-5f0e-4a57-9d44-0d4f5a0f6c01';
const DAY = 86_400_000;
const caseIds = [1, 2, 3].map((n) => `${n}0000000-0000-4000-8000-000000000000`);

/** A value as jsonb writes it, or the same value written otherwise (`alt`). */
function jsonbText(v: unknown, alt: boolean): string {
  if (Array.isArray(v)) return `[${v.map((x) => jsonbText(x, alt)).join(alt ? ',' : ', ')}]`;
  if (typeof v === 'number' && alt && Number.isInteger(v) && Math.abs(v) >= 1e3)
    return v.toExponential();
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const keys = Object.keys(v).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  if (alt) keys.reverse();
  const item = (k: string) =>
    `${JSON.stringify(k)}:${alt ? '' : ' '}${jsonbText((v as Record<string, unknown>)[k], alt)}`;
  return `{${keys.map(item).join(', ')}}`;
}

const str = fc.string({
  unit: fc.constantFrom('\t', '\n', '\r', '\\', '\\N', '"', '\b', '\f', '\v', 'é', '🚀', 'a'),
  maxLength: 6,
});
const json = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(-0, 1e21, 1e-7, 2 ** 53 + 2, { a: 1, b: null }, [1e21, -0], { '\t': 'x\ny' }),
);
const start = fc.oneof(
  fc.integer({ min: -3 * DAY, max: 3 * DAY }),
  fc.constantFrom(Date.UTC(2026, 11, 31, 23, 59, 59, 990), Date.UTC(2028, 1, 28, 23, 59, 59, 999)),
  fc.constantFrom(253_402_300_799_990, Date.UTC(2026, 0, 31, 23, 59, 59, 999)),
  // Room above for two moves of a year and a chain's steps: Dates end at 8.64e15 ms.
  fc.integer({ min: -62_198_755_200_000, max: 8_640_000_000_000_000 - 800 * DAY }),
);
const content = fc.record({ actor: json, authority: json, event: json, from: str, to: str });

interface Row extends StoredLink {
  alt: boolean;
  /** recorded_at as PostgreSQL counts it, when no Date holds it (else recordedAt's). */
  ms?: string;
}

/** PostgreSQL's counts for times no Date holds: infinity, -infinity, 290000-02-29T12:34:56.789. */
const UNDATED = ['Infinity', '-Infinity', '9089354003696789'];
const undated = (r: Row, ms: string): Row => ({ ...r, ms, recordedAt: recordedAtOf(Number(ms)) });

function chainOf(caseId: string, t0: number, step: number, cs: fc.Arbitrary<never>[] | unknown[]) {
  const rows: Row[] = [];
  let prev = GENESIS_HASH;
  (
    cs as { actor: unknown; authority: unknown; event: unknown; from: string; to: string }[]
  ).forEach((c, i) => {
    const link = {
      tenantId: TENANT,
      caseId,
      seq: i + 1,
      recordedAt: new Date(t0 + i * step).toISOString(),
      actor: c.actor,
      authority: c.authority,
      event: c.event,
      fromState: i === 0 ? null : c.from,
      toState: c.to,
    };
    const hash = chainHash(prev, link);
    rows.push({ ...link, id: '', prevHash: prev, hash, alt: false });
    prev = hash;
  });
  return rows;
}

type Tamper = (rows: Row[], k: number, v: unknown) => Row[];
const at = (rows: Row[], k: number, f: (r: Row) => Row) => rows.map((r, i) => (i === k ? f(r) : r));
const moved = (r: Row, d: number) =>
  r.ms === undefined
    ? { ...r, recordedAt: new Date(Date.parse(r.recordedAt) + d).toISOString() }
    : r;
const rehash = (rows: Row[], from: number) => {
  let prev = from === 0 ? GENESIS_HASH : rows[from - 1].hash;
  return rows.map((r, i) => {
    if (i < from) return r;
    const { id: _i, prevHash: _p, hash: _h, alt: _a, redaction: _r, ms: _m, ...c } = r;
    const hash = chainHash(prev, c);
    prev = hash;
    return { ...r, prevHash: i === from ? r.prevHash : prev, hash };
  });
};
const tampers: Tamper[] = [
  (rows, k, v) => at(rows, k, (r) => ({ ...r, event: v })),
  (rows, k, v) => at(rows, k, (r) => ({ ...r, actor: v })),
  (rows, k, v) =>
    rehash(
      at(rows, k, (r) => ({ ...r, authority: v })),
      k,
    ),
  (rows, k) => at(rows, k, (r) => ({ ...r, fromState: r.fromState === null ? '' : null })),
  (rows, k) =>
    at(rows, k, (r) => ({ ...r, event: { ...(r.event as object), extra: undefined, x: 1 } })),
  (rows, k) => at(rows, k, (r) => moved(r, 1)),
  (rows, k) => at(rows, k, (r) => moved(r, DAY)),
  (rows, k) =>
    rehash(
      at(rows, k, (r) => moved(r, -DAY)),
      k,
    ),
  (rows, k) => at(rows, k, (r) => moved(r, 365 * DAY)),
  ...UNDATED.map(
    (ms): Tamper =>
      (rows, k) =>
        at(rows, k, (r) => undated(r, ms)),
  ),
  (rows, k) =>
    rehash(
      at(rows, k, (r) => undated(r, UNDATED[0])),
      k,
    ),
  (rows, k) => at(rows, k, (r) => ({ ...r, seq: r.seq + 1 })),
  (rows, k) => rows.filter((_, i) => i !== k),
  (rows, k) => [...rows.slice(0, k + 1), rows[k], ...rows.slice(k + 1)],
  (rows, k) =>
    k + 1 < rows.length
      ? at(
          at(rows, k, () => rows[k + 1]),
          k + 1,
          () => rows[k],
        )
      : rows,
  (rows, k) => at(rows, k, (r) => ({ ...r, prevHash: r.hash })),
  (rows, k) => at(rows, k, (r) => ({ ...r, hash: `${r.hash}0` })),
  (rows, k) => at(rows, k, (r) => ({ ...r, alt: true })),
  (rows, k) =>
    at(rows, k, (r) => ({ ...r, redaction: { statement: {}, signature: 'x' } as never })),
];

/** A field as COPY … TO STDOUT (text) writes it: \\N for NULL, its control characters escaped. */
const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};
function copyText(s: string | null): string {
  return s === null ? '\\N' : s.replace(/[\\\b\f\n\r\t\v]/g, (c) => COPY_ESCAPES[c]);
}

/** COPY's field as it was (the reading a walk of rows needs written here on its own). */
function uncopied(f: string): string | null {
  if (f === '\\N') return null;
  const back: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
  return f.replace(/\\(.)/gs, (_, c: string) => back[c] ?? c);
}

function batchOf(
  chains: { rows: Row[]; version: number; head: string }[],
): RawBatch & { links: string } {
  let id = 100;
  const lines = chains.flatMap((c) =>
    c.rows.map(
      (l) =>
        [
          String(id++),
          l.caseId,
          String(l.seq),
          l.ms ?? String(Date.parse(l.recordedAt)),
          ...[l.actor, l.authority, l.event].map((v) => copyText(jsonbText(v, l.alt))),
          ...[l.fromState, l.toState, l.prevHash, l.hash].map(copyText),
          l.redaction ? copyText(jsonbText(l.redaction, false)) : '',
        ].join('\t') + '\n',
    ),
  );
  const cases = chains.map((c, i) => ({ id: caseIds[i], version: c.version, head: c.head }));
  return { tenantId: TENANT, cases, links: lines.join('') };
}

/**
 * Each chain's links as chain() reads their rows (pg parses jsonb with JSON.parse, and its toLink
 * writes recorded_at's count by recordedAtOf, iso-time.spec's), walked.
 */
function walked(batch: RawBatch & { links: string }) {
  const lines = batch.links === '' ? [] : batch.links.slice(0, -1).split('\n');
  const links: StoredLink[] = lines.map((line) => {
    const f = line.split('\t').map((x, i) => (i < 4 ? x : uncopied(x))) as string[];
    const [fromState, toState, prevHash, hash] = f.slice(7, 11);
    return {
      id: f[0],
      tenantId: batch.tenantId,
      caseId: f[1],
      seq: Number(f[2]),
      recordedAt: recordedAtOf(Number(f[3])),
      actor: JSON.parse(f[4]),
      authority: JSON.parse(f[5]),
      event: JSON.parse(f[6]),
      fromState,
      toState,
      prevHash,
      hash,
      ...(f[11] ? { redaction: JSON.parse(f[11]) } : {}),
    };
  });
  return batch.cases.map((c) =>
    verifyAgainstHead(
      links.filter((l) => l.caseId === c.id),
      c.version,
      c.head,
    ),
  );
}

const outcome = (f: () => unknown) => {
  try {
    return { found: f() };
  } catch (e) {
    return { threw: (e as Error).message };
  }
};

describe('verifyBatch against walking every link, on tampered chains', () => {
  it('finds what walking the links finds, whatever was done to them', () => {
    const chain = fc.record({
      t0: start,
      step: fc.constantFrom(0, 1, 7, 999, 60_000, DAY - 1, DAY, DAY + 1),
      contents: fc.array(content, { minLength: 1, maxLength: 5 }),
      tampering: fc.array(fc.tuple(fc.nat(tampers.length - 1), fc.nat(5), json), { maxLength: 2 }),
      version: fc.constantFrom(0, 0, 0, 1, -1),
      head: fc.constantFrom('kept', 'kept', 'last', 'other'),
    });
    fc.assert(
      fc.property(fc.array(chain, { minLength: 1, maxLength: 3 }), (specs) => {
        const chains = specs.map((s, i) => {
          const written = chainOf(caseIds[i], s.t0, s.step, s.contents);
          let rows = written;
          for (const [t, k, v] of s.tampering)
            if (rows.length > 0) rows = tampers[t](rows, k % rows.length, v);
          const head =
            s.head === 'last'
              ? (rows.at(-1)?.hash ?? GENESIS_HASH)
              : s.head === 'kept'
                ? written.at(-1)!.hash
                : 'f'.repeat(64);
          return { rows, version: written.length + s.version, head };
        });
        const batch = batchOf(chains);
        expect(outcome(() => verifyBatch(batch))).toEqual(outcome(() => walked(batch)));
      }),
      { numRuns: 400 },
    );
  });

  it('finds a record a tamperer timed at infinity, or at no time a Date holds, edited, and every other chain whole', () => {
    for (const ms of UNDATED) {
      const written = caseIds.map((id, i) =>
        chainOf(
          id,
          Date.UTC(2026, 11, 5, 9),
          60_000,
          [0, 1, 2].map((n) => ({
            actor: { n },
            authority: null,
            event: { n },
            from: `s${i}`,
            to: `s${i}${n}`,
          })),
        ),
      );
      const chains = written.map((rows, i) => ({
        rows: i === 1 ? at(rows, 1, (r) => undated(r, ms)) : rows,
        version: rows.length,
        head: rows.at(-1)!.hash,
      }));
      expect(verifyBatch(batchOf(chains))).toEqual([
        { ok: true, records: 3, headHash: written[0][2].hash },
        {
          ok: false,
          problem: 'edited',
          atSeq: 2,
          recordId: '104',
          detail: 'record 2 was changed after it was written',
        },
        { ok: true, records: 3, headHash: written[2][2].hash },
      ]);
    }
  });
});
