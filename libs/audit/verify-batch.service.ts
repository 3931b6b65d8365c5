import type { KeyObject } from 'node:crypto';
import { type ChainFinding, type StoredLink, verifyChain } from './audit-chain.service';
import type { SignedRedaction } from './audit-redaction.service';

/** Fields a link's row gives in a batch's flat list, in this order (AuditRepository.rawChains). */
export const RAW_FIELDS = 13;

/**
 * A batch of one council's cases and all their links, in the form cheapest to read and to hand to
 * a worker thread: each link's fields one after another in one flat list (RAW_FIELDS of them: id,
 * case id, seq, recorded_at in milliseconds since 1970, actor, authority and event as JSON text,
 * from and to state, previous hash, hash, the redaction statement as JSON text or null), the links
 * in insertion order case after case.
 */
export interface RawBatch {
  tenantId: string;
  cases: { id: string; version: number; head: string }[];
  links: (string | number | null)[];
}

/**
 * The chain walked link by link, then its last hash compared with the head the case row keeps
 * (cases.audit_head, written with each link): a chain rewritten and re-hashed whole, from a
 * record onwards, no longer ends where the case says it does. (One who rewrote the case row too
 * is caught against a signed checkpoint: verify-checkpoint.use-case.ts.)
 */
export function verifyAgainstHead(
  links: StoredLink[],
  version: number,
  head: string,
  trusted?: KeyObject,
): ChainFinding {
  const finding = verifyChain(links, version, trusted);
  if (finding.ok && finding.headHash !== head) {
    const last = links.at(-1);
    return {
      ok: false,
      problem: 'rewritten',
      atSeq: last?.seq ?? 0,
      recordId: last?.id ?? null,
      detail: `the chain ends in a hash other than the head the case recorded: its records were rewritten and re-hashed`,
    };
  }
  return finding;
}

/** A jsonb column read as text, parsed as pg parses jsonb (JSON.parse; SQL NULL stays null). */
function json(text: string | number | null | undefined): unknown {
  return typeof text === 'string' ? (JSON.parse(text) as unknown) : null;
}

/**
 * Each case's finding, in the batch's order: the links made as AuditRepository.chains makes them
 * (the JSON parsed as pg parses jsonb, recordedAt as a Date of the stored value writes it), so a
 * worker thread and the main thread find exactly the same.
 */
export function verifyBatch(batch: RawBatch, trusted?: KeyObject): ChainFinding[] {
  const chains = new Map<string, StoredLink[]>();
  const l = batch.links;
  for (let i = 0; i < l.length; i += RAW_FIELDS) {
    const caseId = l[i + 2] as string;
    const redaction = json(l[i + 12]);
    const link: StoredLink = {
      id: String(l[i]),
      tenantId: l[i + 1] as string,
      caseId,
      seq: l[i + 3] as number,
      recordedAt: new Date(Number(l[i + 4])).toISOString(),
      actor: json(l[i + 5]),
      authority: json(l[i + 6]),
      event: json(l[i + 7]),
      fromState: l[i + 8] as string | null,
      toState: l[i + 9] as string,
      prevHash: l[i + 10] as string,
      hash: l[i + 11] as string,
      ...(redaction ? { redaction: redaction as SignedRedaction } : {}),
    };
    const chain = chains.get(caseId);
    if (chain) chain.push(link);
    else chains.set(caseId, [link]);
  }
  return batch.cases.map((c) =>
    verifyAgainstHead(chains.get(c.id) ?? [], c.version, c.head, trusted),
  );
}
