import fc from 'fast-check';
import { canonicalize } from 'json-canonicalize';
import { createHash } from 'node:crypto';
import {
  chainHash,
  CONTENT_FIELDS,
  GENESIS_HASH,
  sha256Hex,
  verifyChain,
  type AuditContent,
  type StoredLink,
} from './audit-chain.service';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const opening: AuditContent = {
  tenantId: 't-1',
  caseId: 'c-1',
  seq: 1,
  recordedAt: '2021-11-01T09:00:00.000Z',
  actor: { kind: 'person', personId: 'p-1', name: 'Dana Whitlock' },
  authority: { kind: 'officer', role: 'officer' },
  event: { type: 'OPEN', title: 'Better Care Fund plan 2021/22 – the Board’s plan' },
  fromState: null,
  toState: 'preSubmission.drafting',
};

/** The same record in RFC 8785 form, written by hand: keys sorted, no spaces, UTF-8 as is. */
const openingCanonical =
  '{"actor":{"kind":"person","name":"Dana Whitlock","personId":"p-1"},' +
  '"authority":{"kind":"officer","role":"officer"},"caseId":"c-1",' +
  '"event":{"title":"Better Care Fund plan 2021/22 – the Board’s plan","type":"OPEN"},' +
  '"fromState":null,"recordedAt":"2021-11-01T09:00:00.000Z","seq":1,"tenantId":"t-1",' +
  '"toState":"preSubmission.drafting"}';

const steps: Pick<AuditContent, 'event' | 'toState'>[] = [
  { event: { type: 'OPEN' }, toState: 'preSubmission.drafting' },
  {
    event: { type: 'SEEK_AGREEMENT' },
    toState:
      'preSubmission.agreement.chiefExecutive.awaiting;preSubmission.agreement.accountableOfficer.awaiting',
  },
  {
    event: { type: 'AGREE', comments: 'Agreed.' },
    toState:
      'preSubmission.agreement.chiefExecutive.agreed;preSubmission.agreement.accountableOfficer.awaiting',
  },
  { event: { type: 'AGREE' }, toState: 'preSubmission.chairApproval' },
  {
    event: { type: 'APPROVE', comments: 'Approved under delegation.' },
    toState: 'preSubmission.readyToSubmit',
  },
];

/** A well-formed chain of `steps.length` links, ids in insertion order. */
function chain(): StoredLink[] {
  const links: StoredLink[] = [];
  let prev = GENESIS_HASH;
  steps.forEach((step, i) => {
    const content: AuditContent = {
      tenantId: 't-1',
      caseId: 'c-1',
      seq: i + 1,
      recordedAt: new Date(Date.UTC(2021, 10, 1 + i, 9)).toISOString(),
      actor: { kind: 'person', personId: `p-${i}` },
      authority: { kind: 'officer', role: 'officer' },
      event: step.event,
      fromState: i === 0 ? null : (links[i - 1].toState as string),
      toState: step.toState,
    };
    const hash = chainHash(prev, content);
    links.push({ ...content, id: `link-${i + 1}`, prevHash: prev, hash });
    prev = hash;
  });
  return links;
}

describe('chainHash', () => {
  it('is sha256 of the previous hash followed by the canonical JSON of the record', () => {
    expect(chainHash(GENESIS_HASH, opening)).toBe(sha256(GENESIS_HASH + openingCanonical));
    const prev = 'ab'.repeat(32);
    expect(chainHash(prev, opening)).toBe(sha256(prev + openingCanonical));
  });

  it('does not depend on the order of keys (as PostgreSQL jsonb reorders them)', () => {
    const reordered: AuditContent = {
      toState: opening.toState,
      fromState: null,
      event: { title: 'Better Care Fund plan 2021/22 – the Board’s plan', type: 'OPEN' },
      authority: { role: 'officer', kind: 'officer' },
      actor: { name: 'Dana Whitlock', personId: 'p-1', kind: 'person' },
      recordedAt: opening.recordedAt,
      seq: 1,
      caseId: 'c-1',
      tenantId: 't-1',
    };
    expect(chainHash(GENESIS_HASH, reordered)).toBe(chainHash(GENESIS_HASH, opening));
  });

  it('changes when any field or the previous hash changes', () => {
    const base = chainHash(GENESIS_HASH, opening);
    expect(chainHash('1'.repeat(64), opening)).not.toBe(base);
    expect(chainHash(GENESIS_HASH, { ...opening, seq: 2 })).not.toBe(base);
    expect(
      chainHash(GENESIS_HASH, { ...opening, authority: { kind: 'office', role: 'officer' } }),
    ).not.toBe(base);
  });

  it('writes a record field by field exactly as canonical JSON writes it whole, whatever it holds', () => {
    expect([...CONTENT_FIELDS].sort()).toEqual([...CONTENT_FIELDS]);
    const fields = (value: fc.Arbitrary<unknown>) =>
      Object.fromEntries(CONTENT_FIELDS.map((f) => [f, value])) as Record<
        (typeof CONTENT_FIELDS)[number],
        fc.Arbitrary<unknown>
      >;
    // Every field (as every record has), some missing or undefined, and a field too many.
    const whole = fc.record(fields(fc.jsonValue()));
    const partial = fc.record(fields(fc.oneof(fc.jsonValue(), fc.constant(undefined))), {
      requiredKeys: [],
    });
    const more = fc
      .tuple(whole, fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }))
      .map(([r, extra]) => ({ ...extra, ...r }));
    fc.assert(
      fc.property(fc.oneof(whole, partial, more), fc.string(), (content, prev) => {
        const c = content as unknown as AuditContent;
        expect(chainHash(prev, c)).toBe(sha256(prev + canonicalize(c)));
      }),
      { numRuns: 3000 },
    );
    const odd = { ...opening, toJSON: () => 'x' } as AuditContent;
    expect(chainHash('', odd)).toBe(sha256(canonicalize(odd)));
  });

  it('writes a record holding a field it does not list (not enumerable) as canonical JSON does', () => {
    // Nine keys listed, one of them not a field, and a field held but not listed.
    const odd = { ...opening, extra: 'listed' } as Record<string, unknown>;
    Object.defineProperty(odd, 'tenantId', { value: opening.tenantId, enumerable: false });
    expect(Object.keys(odd)).toHaveLength(CONTENT_FIELDS.length);
    expect(chainHash('', odd as unknown as AuditContent)).toBe(sha256(canonicalize(odd)));
  });

  it('hashes text as sha256 of its UTF-8, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(sha256Hex(text)).toBe(sha256(text));
      }),
    );
    expect(sha256Hex('\ud800a')).toBe(sha256('\ud800a'));
  });

  it('starts a chain from 64 zeros', () => {
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
    expect(chain()[0].prevHash).toBe(GENESIS_HASH);
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and reports its length and head hash', () => {
    const links = chain();
    expect(verifyChain(links, 5)).toEqual({ ok: true, records: 5, headHash: links[4].hash });
  });

  it('accepts an empty chain for a case with no records, headed by the genesis hash', () => {
    expect(verifyChain([], 0)).toEqual({ ok: true, records: 0, headHash: GENESIS_HASH });
  });

  it('finds an edited record by its hash', () => {
    const links = chain();
    links[2] = { ...links[2], event: { type: 'AGREE', comments: 'Agreed, reluctantly.' } };
    expect(verifyChain(links, 5)).toEqual({
      ok: false,
      problem: 'edited',
      atSeq: 3,
      recordId: 'link-3',
      detail: 'record 3 was changed after it was written',
    });
  });

  it('finds a record whose authority was rewritten', () => {
    const links = chain();
    links[3] = { ...links[3], authority: { kind: 'delegation', role: 'delegatedApprover' } };
    expect(verifyChain(links, 5)).toMatchObject({ ok: false, problem: 'edited', atSeq: 4 });
  });

  it('finds a record whose stored hash was replaced', () => {
    const links = chain();
    links[1] = { ...links[1], hash: 'f'.repeat(64) };
    expect(verifyChain(links, 5)).toMatchObject({ ok: false, problem: 'edited', atSeq: 2 });
  });

  it('finds an edit even when the editor recomputed that record’s hash: the next record no longer points at it', () => {
    const links = chain();
    const edited = { ...links[1], event: { type: 'SEEK_AGREEMENT', note: 'inserted later' } };
    const { id: _id, hash: _hash, prevHash, ...content } = edited;
    links[1] = { ...edited, hash: chainHash(prevHash, content) };
    expect(verifyChain(links, 5)).toMatchObject({
      ok: false,
      problem: 'edited',
      atSeq: 2,
      recordId: 'link-2',
    });
  });

  it('finds a record appended outside the engine, beyond the case’s version', () => {
    const links = chain();
    expect(verifyChain(links, 4)).toMatchObject({
      ok: false,
      problem: 'inserted',
      atSeq: 5,
      recordId: 'link-5',
    });
  });

  it('finds a deleted middle record', () => {
    const links = chain();
    links.splice(2, 1);
    expect(verifyChain(links, 5)).toEqual({
      ok: false,
      problem: 'deleted',
      atSeq: 3,
      recordId: 'link-4',
      detail: 'record 3 is missing: the next record present is 4',
    });
  });

  it('finds a deleted first record', () => {
    const links = chain().slice(1);
    expect(verifyChain(links, 5)).toMatchObject({
      ok: false,
      problem: 'deleted',
      atSeq: 1,
      recordId: 'link-2',
    });
  });

  it('finds a deleted last record as a truncated chain when the case version is higher', () => {
    const links = chain().slice(0, 4);
    expect(verifyChain(links, 5)).toEqual({
      ok: false,
      problem: 'truncated',
      atSeq: 5,
      recordId: null,
      detail: 'the case is at version 5 but its chain ends at record 4: later records were deleted',
    });
  });

  it('finds every record deleted when the case has a version but no chain', () => {
    expect(verifyChain([], 3)).toMatchObject({ ok: false, problem: 'truncated', atSeq: 1 });
  });

  it('finds two swapped records', () => {
    const links = chain();
    [links[1], links[2]] = [links[2], links[1]];
    expect(verifyChain(links, 5)).toEqual({
      ok: false,
      problem: 'reordered',
      atSeq: 2,
      recordId: 'link-3',
      detail: 'record 3 stands where record 2 should be',
    });
  });

  it('finds the last two records swapped', () => {
    const links = chain();
    [links[3], links[4]] = [links[4], links[3]];
    expect(verifyChain(links, 5)).toMatchObject({
      ok: false,
      problem: 'reordered',
      atSeq: 4,
      recordId: 'link-5',
    });
  });

  it('finds a record moved into place with its seq renumbered: it does not point at the record before it', () => {
    const links = chain();
    const [a, b] = [links[1], links[2]];
    links[1] = { ...b, seq: 2 };
    links[2] = { ...a, seq: 3 };
    expect(verifyChain(links, 5)).toMatchObject({ ok: false, problem: 'reordered', atSeq: 2 });
  });

  describe('reports the first break only', () => {
    it('reports an edit before a later deletion', () => {
      const links = chain();
      links[1] = { ...links[1], toState: 'closed' };
      links.splice(3, 1);
      expect(verifyChain(links, 5)).toMatchObject({ problem: 'edited', atSeq: 2 });
    });

    it('reports a deletion before a later edit', () => {
      const links = chain();
      links[3] = { ...links[3], toState: 'closed' };
      links.splice(1, 1);
      expect(verifyChain(links, 5)).toMatchObject({ problem: 'deleted', atSeq: 2 });
    });

    it('reports a swap before a later edit and a truncation', () => {
      const links = chain();
      links[3] = { ...links[3], toState: 'closed' };
      [links[0], links[1]] = [links[1], links[0]];
      expect(verifyChain(links.slice(0, 4), 5)).toMatchObject({ problem: 'reordered', atSeq: 1 });
    });

    it('reports an edit before a truncation', () => {
      const links = chain().slice(0, 3);
      links[2] = { ...links[2], recordedAt: '2020-01-01T00:00:00.000Z' };
      expect(verifyChain(links, 5)).toMatchObject({ problem: 'edited', atSeq: 3 });
    });
  });
});
