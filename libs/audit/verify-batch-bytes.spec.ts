import { chainHash, GENESIS_HASH, type AuditContent, type StoredLink } from './audit-chain.service';
import { MessageChannel } from 'node:worker_threads';
import type { EntityManager } from 'typeorm';
import { copyOutBytes, copyText as decodeCopy } from './copy-out.service';
import { type RawBatch, verifyAgainstHead, verifyBatch } from './verify-batch.service';
import { rawAuditLine } from '../testing/raw-audit-line.factory';

/*
 * audit:verify's batches as rawChains gives them since its COPY has no ORDER BY: the bytes
 * PostgreSQL sent, each case's lines anywhere. Whatever a tamperer who can write rows wrote, and
 * whatever order the lines come in, verifyBatch must find what verifying each case's links in id
 * order finds (verifyCase: chain() orders them by id).
 */

const TENANT = '0b7c3c52-5f0e-4a57-9d44-0d4f5a0f6c01';
const caseIds = [1, 2, 3].map((n) => `${n}0000000-0000-4000-8000-00000000000${n}`);
const officer = { kind: 'person', personId: 'a1d0c2b4-0000-4000-8000-000000000001' };
const office = { kind: 'officer', role: 'officer' };

/** A chain of `notes.length` links for a case, each link's note one of `notes`, ids as given. */
function chainOf(caseId: string, notes: string[], ids: string[]): StoredLink[] {
  let prev = GENESIS_HASH;
  return notes.map((note, i) => {
    const seq = i + 1;
    const content: AuditContent = {
      tenantId: TENANT,
      caseId,
      seq,
      recordedAt: new Date(Date.UTC(2026, 0, 1, 9, seq, 0, 123)).toISOString(),
      actor: officer,
      authority: office,
      event: { type: 'RECORD_NOTE', payload: { note } },
      fromState: seq === 1 ? null : `step${i}`,
      toState: `step${seq}`,
    };
    const link = { ...content, id: ids[i], prevHash: prev, hash: chainHash(prev, content) };
    prev = link.hash;
    return link;
  });
}

/** The lines as bytes in an ArrayBuffer of `slack` more bytes, those 0xff (never to be read). */
function asBytes(text: string, slack: number): RawBatch['links'] {
  const bytes = Buffer.from(text, 'utf8');
  const buffer = new ArrayBuffer(bytes.length + slack);
  const view = new Uint8Array(buffer);
  view.set(bytes);
  view.fill(0xff, bytes.length);
  return { buffer, length: bytes.length };
}

type Case = { id: string; version: number; head: string };

/** verifyCase's finding for each case: its links in id order (as int8), ties as given. */
function inIdOrder(cases: Case[], links: StoredLink[]) {
  const sorted = [...links].sort((a, b) => {
    const d = BigInt(a.id) - BigInt(b.id);
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  });
  return cases.map((c) =>
    verifyAgainstHead(
      sorted.filter((l) => l.caseId === c.id),
      c.version,
      c.head,
    ),
  );
}

/** The lines in the given order, reversed, and dealt out in turn, as text and as bytes. */
function everyWay(cases: Case[], links: StoredLink[]) {
  const reversed = [...links].reverse();
  const dealt = [0, 1, 2].flatMap((k) => links.filter((_, i) => i % 3 === k));
  return [links, reversed, dealt].flatMap((order) => {
    const text = order.map(rawAuditLine).join('');
    return [0, 1, 7].map((slack) =>
      verifyBatch({ tenantId: TENANT, cases, links: slack ? asBytes(text, slack) : text }),
    );
  });
}

const tricky = [
  'plain',
  `tab\there, line\nbreak, carriage\rreturn, back\\slash, \\N, \\t, \\0, \\x00, \\u0000`,
  `${caseIds[1]}\t${caseIds[0]}\n5\t${caseIds[2]}\t1`,
  'café – “quoted” 𝄞 日本',
  'é',
];

function threeCases(ids: string[][]): { cases: Case[]; links: StoredLink[] } {
  const chains = caseIds.map((id, i) => chainOf(id, tricky, ids[i]));
  return {
    cases: chains.map((c, i) => ({
      id: caseIds[i],
      version: c.length,
      head: c[c.length - 1].hash,
    })),
    links: chains.flat(),
  };
}

const plainIds = [0, 1, 2].map((k) => [1, 2, 3, 4, 5].map((n) => String(100 + k * 10 + n)));

describe('verifyBatch over the bytes of lines in no order', () => {
  it('finds intact chains intact whatever their text holds, as verifying them in id order', () => {
    const { cases, links } = threeCases(plainIds);
    const expected = inIdOrder(cases, links);
    expect(expected.map((f) => f.ok)).toEqual([true, true, true]);
    for (const found of everyWay(cases, links)) expect(found).toEqual(expected);
  });

  it('orders ids across the 15-digit boundary, negative and past 2^53 as int8 orders them', () => {
    const ids = [
      ['-1000000000000000', '-100000000000000', '-99999999999999', '-1', '0'],
      [
        '999999999999999',
        '1000000000000000',
        '9007199254740992',
        '9007199254740993',
        '9223372036854775807',
      ],
      [
        '-9223372036854775808',
        '-9007199254740993',
        '-9007199254740992',
        '99999999999999',
        '100000000000000',
      ],
    ];
    const { cases, links } = threeCases(ids);
    const expected = inIdOrder(cases, links);
    expect(expected.map((f) => f.ok)).toEqual([true, true, true]);
    for (const found of everyWay(cases, links)) expect(found).toEqual(expected);
    // Two ids one apart past 2^53 exchanged: the chain is out of order, though as doubles equal.
    const swapped = links.map((l) =>
      l.id === '9007199254740992'
        ? { ...l, id: '9007199254740993' }
        : l.id === '9007199254740993'
          ? { ...l, id: '9007199254740992' }
          : l,
    );
    const out = inIdOrder(cases, swapped);
    expect(out.map((f) => f.ok)).toEqual([true, false, true]);
    for (const found of everyWay(cases, swapped)) expect(found).toEqual(out);
  });

  it('finds a record copied in its own case under the same id, in whatever order', () => {
    const { cases, links } = threeCases(plainIds);
    const copied = [...links, { ...links[7] }];
    const expected = inIdOrder(cases, copied);
    expect(expected.map((f) => f.ok)).toEqual([true, false, true]);
    for (const found of everyWay(cases, copied)) expect(found).toEqual(expected);
  });

  it('finds a record moved to another case, and one whose text names another case, in any order', () => {
    const { cases, links } = threeCases(plainIds);
    const moved = links.map((l, i) => (i === 3 ? { ...l, caseId: caseIds[2] } : l));
    const expected = inIdOrder(cases, moved);
    expect(expected.map((f) => f.ok)).toEqual([false, true, false]);
    for (const found of everyWay(cases, moved)) expect(found).toEqual(expected);
  });

  it('finds a note edited by one non-ASCII character, as text and as bytes', () => {
    const { cases, links } = threeCases(plainIds);
    const edited = links.map((l, i) =>
      i === 9 ? { ...l, event: { type: 'RECORD_NOTE', payload: { note: 'è' } } } : l,
    );
    const expected = inIdOrder(cases, edited);
    expect(expected).toEqual([
      expect.objectContaining({ ok: true }),
      expect.objectContaining({ ok: false, problem: 'edited', atSeq: 5 }),
      expect.objectContaining({ ok: true }),
    ]);
    for (const found of everyWay(cases, edited)) expect(found).toEqual(expected);
  });
});

describe("copyText (COPY's bytes decoded)", () => {
  it('reads as UTF-8 does whichever byte of 0x80 to 0xff the text holds, wherever', () => {
    for (let b = 0x80; b <= 0xff; b++)
      for (const at of [0, 1, 7, 8, 15, 16, 31, 32, 63, 64, 99]) {
        const bytes = Buffer.alloc(100, 0x61);
        bytes[at] = b;
        const buffer = new ArrayBuffer(120);
        new Uint8Array(buffer).set(bytes);
        expect(decodeCopy({ buffer, length: 100 })).toBe(bytes.toString('utf8'));
      }
  });

  it('reads only the first `length` bytes, whatever follows them', () => {
    const buffer = new ArrayBuffer(40);
    const view = new Uint8Array(buffer);
    view.fill(0x62, 0, 32);
    view.fill(0xe9, 32);
    expect(decodeCopy({ buffer, length: 32 })).toBe('b'.repeat(32));
    expect(decodeCopy({ buffer, length: 0 })).toBe('');
  });
});

describe("copyOutBytes (COPY's rows gathered)", () => {
  /** A transaction's manager whose connection hands a COPY these chunks, in one reused buffer. */
  function managerSending(chunks: Buffer[]): EntityManager {
    const client = {
      query(copy: {
        submit(c: { query(text: string): void }): void;
        handleCopyData(msg: { chunk: Buffer }): void;
        handleReadyForQuery(): void;
      }) {
        copy.submit({ query: () => undefined });
        // pg's chunks are views of its read buffer, which its next read overwrites.
        const readBuffer = Buffer.alloc(Math.max(1, ...chunks.map((c) => c.length)));
        for (const c of chunks) {
          c.copy(readBuffer);
          copy.handleCopyData({ chunk: readBuffer.subarray(0, c.length) });
          readBuffer.fill(0x7e);
        }
        copy.handleReadyForQuery();
      },
    };
    return { queryRunner: { connect: () => Promise.resolve(client) } } as unknown as EntityManager;
  }

  /** `total` bytes of lines in chunks of `size`, each byte its place's. */
  function chunksOf(total: number, size: number): Buffer[] {
    const all = Buffer.alloc(total);
    for (let i = 0; i < total; i++) all[i] = 0x20 + (i % 90);
    const chunks: Buffer[] = [];
    for (let at = 0; at < total; at += size) chunks.push(all.subarray(at, at + size));
    return chunks;
  }

  it('keeps every byte in order when a COPY fills the buffer exactly, or by one byte more', async () => {
    // The buffer is sized from the COPY before: 2^19 bytes make the next one 2^19 × 1.125.
    await copyOutBytes(managerSending(chunksOf(1 << 19, 4096)), 'COPY');
    const capacity = Math.ceil((1 << 19) * 1.125);
    for (const total of [capacity, capacity + 1, capacity - 1]) {
      const chunks = chunksOf(total, 1000);
      const got = await copyOutBytes(managerSending(chunks), 'COPY');
      expect(got.length).toBe(total);
      expect(Buffer.from(got.buffer, 0, got.length).equals(Buffer.concat(chunks))).toBe(true);
      await copyOutBytes(managerSending(chunksOf(1 << 19, 4096)), 'COPY');
    }
  });

  it('gives each COPY an ArrayBuffer of its own, which a transfer empties and nothing else', async () => {
    const [a, b] = await Promise.all([
      copyOutBytes(managerSending(chunksOf(5000, 700)), 'COPY'),
      copyOutBytes(managerSending(chunksOf(5000, 700)), 'COPY'),
    ]);
    expect(a.buffer).not.toBe(b.buffer);
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(a, [a.buffer]);
    port1.close();
    port2.close();
    expect(a.buffer.byteLength).toBe(0);
    expect(Buffer.from(b.buffer, 0, b.length).equals(Buffer.concat(chunksOf(5000, 700)))).toBe(
      true,
    );
  });
});
