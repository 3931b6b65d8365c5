import type { DataSource, EntityManager } from 'typeorm';
import { chainHash, GENESIS_HASH, type AuditContent } from './audit-chain.service';
import type { AuditRepository, CaseHead } from './audit.repository';
import { VerifyAuditUseCase } from './verify-audit.use-case';

/*
 * verifyAll reads a council's batches ahead: the next batch's transaction starts once this one's
 * cases are known, while its links are still being written; never more than two at once, the
 * findings in the cases' order, and a batch whose links cannot be read fails the whole.
 */

const TENANT = '0b7c3c52-5f0e-4a57-9d44-0d4f5a0f6c01';

/** A case of one link, hashed as the engine hashes it, and its line as rawChains writes it. */
function oneLinkCase(n: number): { head: CaseHead; line: string } {
  const id = `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;
  const content: AuditContent = {
    tenantId: TENANT,
    caseId: id,
    seq: 1,
    recordedAt: new Date(Date.UTC(2026, 0, 1, 9, 0, n)).toISOString(),
    actor: { kind: 'system' },
    authority: { kind: 'system' },
    event: { type: 'CREATED' },
    fromState: null,
    toState: 'open',
  };
  const hash = chainHash(GENESIS_HASH, content);
  const line = [
    String(n),
    id,
    '1',
    String(Date.parse(content.recordedAt)),
    '{"kind": "system"}',
    '{"kind": "system"}',
    '{"type": "CREATED"}',
    '\\N',
    'open',
    GENESIS_HASH,
    hash,
    '',
  ].join('\t');
  return {
    head: { id, reference: `REF-${n}`, version: 1, head: hash, createdAt: String(n) },
    line,
  };
}

/** A council of `count` cases, read through a fake database whose links answer when released. */
function council(count: number, failLinksOf?: number) {
  const cases = Array.from({ length: count }, (_, i) => oneLinkCase(i + 1));
  let open = 0;
  let mostOpen = 0;
  const linksAsked: (() => void)[] = [];
  const audit = {
    councilsWithCases: () => Promise.resolve([TENANT]),
    caseHeadsAfter: (_s: unknown, _m: unknown, after: CaseHead | null, limit: number) => {
      const from = after ? cases.findIndex((c) => c.head.id === after.id) + 1 : 0;
      return Promise.resolve(cases.slice(from, from + limit).map((c) => c.head));
    },
    rawChains: (_s: unknown, _m: unknown, ids: string[]) =>
      new Promise<string>((resolve, reject) => {
        linksAsked.push(() => {
          const first = cases.findIndex((c) => c.head.id === ids[0]);
          if (failLinksOf !== undefined && first === failLinksOf)
            reject(new Error('the links could not be read'));
          else
            resolve(
              cases
                .filter((c) => ids.includes(c.head.id))
                .map((c) => c.line)
                .join('\n'),
            );
        });
      }),
  } as unknown as AuditRepository;
  const ds = {
    transaction: async (_level: string, work: (m: EntityManager) => Promise<unknown>) => {
      open++;
      mostOpen = Math.max(mostOpen, open);
      try {
        return await work({} as EntityManager);
      } finally {
        open--;
      }
    },
  } as unknown as DataSource;
  // The links answer one at a time, oldest first, each once the reader has asked for the next.
  const release = setInterval(() => linksAsked.shift()?.(), 1);
  return {
    cases,
    verifier: new VerifyAuditUseCase(ds, audit),
    mostOpen: () => mostOpen,
    stop: () => clearInterval(release),
  };
}

describe('VerifyAuditUseCase.verifyAll, reading ahead', () => {
  it('finds every case of every batch in order, reading at most two batches at once', async () => {
    const c = council(23);
    try {
      const found = await c.verifier.verifyAll(4);
      expect(found.map((f) => f.reference)).toEqual(c.cases.map((x) => x.head.reference));
      expect(found.every((f) => f.finding.ok)).toBe(true);
      expect(c.mostOpen()).toBe(2);
    } finally {
      c.stop();
    }
  });

  it('fails with the error of a batch whose links cannot be read, while the next is being read', async () => {
    const c = council(23, 8);
    try {
      await expect(c.verifier.verifyAll(4)).rejects.toThrow('the links could not be read');
    } finally {
      c.stop();
    }
  });
});
