import { createHash, hash as oneShotHash, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { redactionVouches, type SignedRedaction } from './audit-redaction.service';

/** The genesis link's previous hash: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields a link's hash covers: everything in the record but its own hash. */
export interface AuditContent {
  tenantId: string;
  caseId: string;
  seq: number;
  recordedAt: string;
  actor: unknown;
  authority: unknown;
  event: unknown;
  fromState: string | null;
  toState: string;
}

/** AuditContent's fields in the order canonical JSON sorts them (audit-chain.spec checks it). */
export const CONTENT_FIELDS = [
  'actor',
  'authority',
  'caseId',
  'event',
  'fromState',
  'recordedAt',
  'seq',
  'tenantId',
  'toState',
] as const;

/** Own and enumerable: a key Object.keys lists, as canonicalJson writes only those. */
const listed = Object.prototype.propertyIsEnumerable;

/**
 * canonicalJson(content), written field by field in CONTENT_FIELDS' order without listing and
 * sorting its keys when it holds exactly those nine as its own enumerable keys, none undefined,
 * and no toJSON (as every record written or read does): the same text canonicalJson writes, which
 * anything else goes through. `json` writes each field's value: canonicalJson, or the same text found sooner.
 */
export function contentJson(
  content: AuditContent,
  json: (value: unknown) => string = canonicalJson,
): string {
  const c = content as unknown as Record<string, unknown>;
  if (Array.isArray(c) || c.toJSON != null || Object.keys(c).length !== CONTENT_FIELDS.length)
    return canonicalJson(content);
  for (const f of CONTENT_FIELDS)
    if (!listed.call(c, f) || c[f] === undefined) return canonicalJson(content);
  return (
    `{"actor":${json(c.actor)},"authority":${json(c.authority)},` +
    `"caseId":${json(c.caseId)},"event":${json(c.event)},` +
    `"fromState":${json(c.fromState)},"recordedAt":${json(c.recordedAt)},` +
    `"seq":${json(c.seq)},"tenantId":${json(c.tenantId)},` +
    `"toState":${json(c.toState)}}`
  );
}

/** sha256 of the text's UTF-8, in hex: Node's one-shot crypto.hash where it has one (20.12). */
export const sha256Hex: (text: string) => string =
  typeof oneShotHash === 'function'
    ? (text) => oneShotHash('sha256', text, 'hex')
    : (text) => createHash('sha256').update(text).digest('hex');

/** hash = sha256(previous hash + canonical JSON (RFC 8785) of the record; canonical-json.ts). */
export function chainHash(prevHash: string, content: AuditContent): string {
  return sha256Hex(prevHash + contentJson(content));
}

export interface StoredLink extends AuditContent {
  id: string;
  prevHash: string;
  hash: string;
  /**
   * For a link written before the answer-evidence cut-over whose personal evidence retention took
   * out: the signed statement vouching for its redacted form (audit-redaction.service.ts). Not
   * part of the hash.
   */
  redaction?: SignedRedaction;
}

/** A link's hashed content: the record less its id, hashes and redaction statement. */
export function contentOf(link: StoredLink): AuditContent {
  const { id: _id, hash: _hash, prevHash: _prev, redaction: _redaction, ...content } = link;
  return content;
}

export type ChainFinding =
  | { ok: true; records: number; headHash: string }
  | {
      ok: false;
      problem: 'edited' | 'deleted' | 'reordered' | 'truncated' | 'inserted' | 'rewritten';
      /** The first record (by position in the chain) where the chain breaks. */
      atSeq: number;
      recordId: string | null;
      detail: string;
    };

/**
 * Walks one case's chain in insertion order (id) and reports the first break. `expectedLast` is
 * the case's version: every accepted event adds one link, so a missing tail is found too. A link
 * that no longer matches its hash holds only if a redaction statement signed under `trusted`
 * (the checkpoint key; without it, the key the statement names) vouches for it as it reads now.
 * `json`: as contentJson's, for a caller that already holds some values' canonical JSON.
 */
export function verifyChain(
  links: StoredLink[],
  expectedLast: number,
  trusted?: KeyObject,
  json: (value: unknown) => string = canonicalJson,
): ChainFinding {
  const hashOf = (prevHash: string, content: AuditContent) =>
    sha256Hex(prevHash + contentJson(content, json));
  let prev = GENESIS_HASH;
  for (let i = 0; i < links.length; i++) {
    const link = links[i];
    const expectedSeq = i + 1;
    if (link.seq !== expectedSeq) {
      const later = links.slice(i + 1).some((l) => l.seq === expectedSeq);
      const problem = later || link.seq < expectedSeq ? 'reordered' : 'deleted';
      return {
        ok: false,
        problem,
        atSeq: expectedSeq,
        recordId: link.id,
        detail:
          problem === 'deleted'
            ? `record ${expectedSeq} is missing: the next record present is ${link.seq}`
            : `record ${link.seq} stands where record ${expectedSeq} should be`,
      };
    }
    const { hash, prevHash } = link;
    const content = contentOf(link);
    if (prevHash !== prev && links.some((l) => l.hash === prevHash)) {
      return {
        ok: false,
        problem: 'reordered',
        atSeq: link.seq,
        recordId: link.id,
        detail: `record ${link.seq} points at a record other than the one before it: records were moved`,
      };
    }
    if (prevHash !== prev && hashOf(prev, content) === hash) {
      // Its hash was made from the true previous hash: only this record's pointer was altered.
      return {
        ok: false,
        problem: 'edited',
        atSeq: link.seq,
        recordId: link.id,
        detail: `record ${link.seq}'s pointer to record ${link.seq - 1} was altered after it was written`,
      };
    }
    if (prevHash !== prev) {
      // Sequence numbers are in order, so the link between two neighbours was cut: the earlier
      // record was altered and its hash recomputed (or this record's pointer was altered).
      const before = links[i - 1];
      return {
        ok: false,
        problem: 'edited',
        atSeq: before?.seq ?? link.seq,
        recordId: before?.id ?? link.id,
        detail: `record ${link.seq} no longer points at record ${before?.seq ?? 0}: record ${before?.seq ?? link.seq} was altered and re-hashed, or record ${link.seq}'s pointer was altered`,
      };
    }
    const nowHash = hashOf(prevHash, content);
    if (nowHash !== hash && !redactionVouches(link, content, nowHash, link.redaction, trusted)) {
      return {
        ok: false,
        problem: 'edited',
        atSeq: link.seq,
        recordId: link.id,
        detail: link.redaction
          ? `record ${link.seq} was changed after it was written: its redaction statement does not vouch for it (altered, forged, or not signed with the council's key)`
          : `record ${link.seq} was changed after it was written`,
      };
    }
    prev = hash;
  }
  if (links.length > expectedLast) {
    return {
      ok: false,
      problem: 'inserted',
      atSeq: expectedLast + 1,
      recordId: links[expectedLast].id,
      detail: `the case is at version ${expectedLast} but its chain goes on to record ${links.length}: records were added outside the engine`,
    };
  }
  if (links.length < expectedLast) {
    return {
      ok: false,
      problem: 'truncated',
      atSeq: links.length + 1,
      recordId: null,
      detail: `the case is at version ${expectedLast} but its chain ends at record ${links.length}: later records were deleted`,
    };
  }
  return { ok: true, records: links.length, headHash: prev };
}
