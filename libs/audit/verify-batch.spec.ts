import { chainHash, GENESIS_HASH, type AuditContent, type StoredLink } from './audit-chain.service';
import { type RawBatch, verifyAgainstHead, verifyBatch } from './verify-batch.service';
import { rawAuditLine } from '../testing/raw-audit-line.factory';

/*
 * audit:verify's batches (verifyBatch, on worker threads) must find exactly what verifying each
 * case's links one by one finds (verifyAgainstHead, as verifyCase does), tampering included: the
 * actor's and authority's jsonb come as text and are parsed and written once where they recur.
 */

const TENANT = '0b7c3c52-5f0e-4a57-9d44-0d4f5a0f6c01';
const officer = { kind: 'person', personId: 'a1d0c2b4-0000-4000-8000-000000000001' };
const other = { kind: 'person', personId: 'a1d0c2b4-0000-4000-8000-000000000002' };
const office = { kind: 'officer', role: 'officer' };

let nextId = 100;

/** A well-formed chain of `length` links for a new case, as the engine writes them. */
function chainOf(caseId: string, length: number, actor: unknown = officer): StoredLink[] {
  const links: StoredLink[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const content: AuditContent = {
      tenantId: TENANT,
      caseId,
      seq,
      recordedAt: new Date(Date.UTC(2026, 0, 1, 9, seq, 0, 123)).toISOString(),
      actor,
      authority: office,
      event: { type: 'RECORD_NOTE', payload: { note: `Note ${seq} – “quoted”`, n: seq * 1.5 } },
      fromState: seq === 1 ? null : `step${seq - 1}`,
      toState: `step${seq}`,
    };
    const hash = chainHash(prev, content);
    links.push({ ...content, id: String(nextId++), prevHash: prev, hash });
    prev = hash;
  }
  return links;
}

/** The batch's text as AuditRepository.rawChains has PostgreSQL write it (RawLink). */
function rawBatch(
  cases: { id: string; version: number; head: string }[],
  links: (StoredLink & { actorText?: string })[],
): RawBatch {
  return { tenantId: TENANT, cases, links: links.map(rawAuditLine).join('') };
}

/** What verifying each case's links one by one finds, as verifyCase does. */
function oneByOne(
  cases: { id: string; version: number; head: string }[],
  links: StoredLink[],
): ReturnType<typeof verifyBatch> {
  return cases.map((c) =>
    verifyAgainstHead(
      links.filter((l) => l.caseId === c.id),
      c.version,
      c.head,
    ),
  );
}

const caseIds = [1, 2, 3].map((n) => `${n}0000000-0000-4000-8000-000000000000`);

function threeCases(): {
  cases: { id: string; version: number; head: string }[];
  links: StoredLink[];
} {
  const chains = caseIds.map((id, i) => chainOf(id, 5, i === 2 ? other : officer));
  return {
    cases: chains.map((c, i) => ({ id: caseIds[i], version: 5, head: c[4].hash })),
    links: chains.flat(),
  };
}

describe('verifyBatch', () => {
  it('finds three intact chains sharing an actor and an authority intact, as one by one', () => {
    const { cases, links } = threeCases();
    const found = verifyBatch(rawBatch(cases, links));
    expect(found).toEqual(oneByOne(cases, links));
    expect(found.map((f) => f.ok && f.records)).toEqual([5, 5, 5]);
  });

  it('finds a record in the middle of a batch whose actor was rewritten to another recurring actor', () => {
    const { cases, links } = threeCases();
    // Case 2's third record now names case 3's actor, as a tamperer would write it in the database.
    const tampered = links.map((l) =>
      l.caseId === caseIds[1] && l.seq === 3 ? { ...l, actor: other } : l,
    );
    const found = verifyBatch(rawBatch(cases, tampered));
    expect(found).toEqual(oneByOne(cases, tampered));
    expect(found[0].ok).toBe(true);
    expect(found[1]).toMatchObject({ ok: false, problem: 'edited', atSeq: 3 });
    expect(found[2].ok).toBe(true);
    // The actor as written still verifies wherever it is untouched, in this batch and the next.
    expect(verifyBatch(rawBatch(cases, links)).every((f) => f.ok)).toBe(true);
  });

  it('finds a record moved from one chain to another', () => {
    const { cases, links } = threeCases();
    // Case 1's second record moved into case 2 (its case_id rewritten); the rows come as
    // PostgreSQL orders them, by case then id, so it leads case 2's chain.
    const moved = { ...links[1], caseId: caseIds[1] };
    const rows = [
      ...links.filter((l) => l.caseId === caseIds[0] && l !== links[1]),
      moved,
      ...links.filter((l) => l.caseId !== caseIds[0]),
    ];
    const found = verifyBatch(rawBatch(cases, rows));
    expect(found).toEqual(oneByOne(cases, rows));
    expect(found[0]).toMatchObject({ ok: false, problem: 'deleted', atSeq: 2 });
    expect(found[1]).toMatchObject({ ok: false, atSeq: 1 });
    expect(found[2].ok).toBe(true);
  });

  it('never hashes a record after a chain breaks, as one by one: a number JSON cannot write there is not refused', () => {
    const { cases, links } = threeCases();
    const huge = `{"kind": "person", "personId": 1${'0'.repeat(400)}}`;
    const rows = links.map((l, i) =>
      i === 3 ? { ...l, event: { type: 'EDITED' } } : i === 4 ? { ...l, actorText: huge } : l,
    );
    const found = verifyBatch(rawBatch(cases, rows));
    expect(found[0]).toMatchObject({ ok: false, problem: 'edited', atSeq: 4 });
    expect(found.slice(1).every((f) => f.ok)).toBe(true);
    // Where it would be hashed, it is refused as canonical JSON refuses it.
    const hashed = links.map((l, i) => (i === 0 ? { ...l, actorText: huge } : l));
    expect(() => verifyBatch(rawBatch(cases, hashed))).toThrow('Non-finite');
  });

  it('finds each other kind of break as one by one, the chains beside it intact', () => {
    const { cases, links } = threeCases();
    const second = (l: StoredLink) => l.caseId === caseIds[1];
    const rewritten = chainOf(caseIds[1], 5, other).map((l, i) => ({ ...l, id: links[5 + i].id }));
    const tamperings: [string, { id: string; version: number; head: string }[], StoredLink[]][] = [
      [
        'a pointer altered',
        cases,
        links.map((l) => (second(l) && l.seq === 2 ? { ...l, prevHash: l.hash } : l)),
      ],
      ['a record deleted', cases, links.filter((l) => !(second(l) && l.seq === 3))],
      ['the tail cut', cases, links.filter((l) => !(second(l) && l.seq === 5))],
      ['a record added', cases.map((c, i) => (i === 1 ? { ...c, version: 4 } : c)), links],
      [
        'the chain re-hashed whole',
        cases,
        [...links.slice(0, 5), ...rewritten, ...links.slice(10)],
      ],
      [
        'a state rewritten',
        cases,
        links.map((l) => (second(l) && l.seq === 4 ? { ...l, toState: 'done' } : l)),
      ],
      [
        'a time moved by a millisecond',
        cases,
        links.map((l) =>
          second(l) && l.seq === 1
            ? { ...l, recordedAt: new Date(Date.parse(l.recordedAt) + 1).toISOString() }
            : l,
        ),
      ],
    ];
    for (const [what, heads, rows] of tamperings) {
      const found = verifyBatch(rawBatch(heads, rows));
      expect({ what, found }).toEqual({ what, found: oneByOne(heads, rows) });
      expect({ what, ok: found.map((f) => f.ok) }).toEqual({ what, ok: [true, false, true] });
    }
  });

  it('finds the same as one by one whatever order PostgreSQL writes the lines in', () => {
    const { cases, links } = threeCases();
    // Case 1's ids as a tamperer may write any int8: negative, of other lengths, and past 2^53
    // (where two ids a number apart are the same double), in insertion order.
    const ids = ['-3', '9', '10', '9007199254740992', '9007199254740993'];
    const first = links.slice(0, 5).map((l, i) => ({ ...l, id: ids[i] }));
    // Case 2's third and fourth records swapped in place (their ids exchanged): out of order.
    const [third, fourth] = [links[7], links[8]];
    const second = [links[5], links[6], { ...fourth, id: third.id }, { ...third, id: fourth.id }];
    const inIdOrder = [...first, ...second, links[9], ...links.slice(10)];
    const expected = oneByOne(cases, inIdOrder);
    expect(expected.map((f) => f.ok)).toEqual([true, false, true]);
    expect(expected[1]).toMatchObject({ problem: 'reordered' });
    // The lines reversed, then the cases' lines dealt out in turn: no case's lines together.
    const reversed = [...inIdOrder].reverse();
    const dealt = [0, 1, 2, 3, 4].flatMap((k) => reversed.filter((_, i) => i % 5 === k));
    for (const order of [reversed, dealt])
      expect(verifyBatch(rawBatch(cases, order))).toEqual(expected);
  });
});
