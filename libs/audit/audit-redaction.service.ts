import type { KeyObject } from 'node:crypto';
import { checkpointSignatureOk, type Signed } from './checkpoint-key.service';

/**
 * What a redaction of one audit link says (docs/adr/0020): the link (council, case, seq, record
 * id), the hash it was written with and the hash before it, which the chain was verified to end
 * in before the redaction (so every later link, checkpoint, webhook and certificate still names
 * them), and the hash its redacted form gives, sha256(prevHash + canonical JSON of the link as it
 * reads now). Signed with the checkpoint key, which the database does not hold.
 */
export interface RedactionStatement {
  format: 'ratify-audit-redaction/1';
  council: string;
  caseId: string;
  seq: number;
  recordId: string;
  hash: string;
  prevHash: string;
  redactedHash: string;
  /** The fields taken out of the event, by path (`evidence.ip`). */
  withheld: string[];
  reason: string;
  madeAt: string;
}

export type SignedRedaction = Signed<RedactionStatement>;

/** The answer's personal evidence a link written before the cut-over holds in its event. */
const PERSONAL = ['ip', 'userAgent'] as const;

/**
 * The event of a link written before the cut-over less the answer's IP address, browser and
 * step-up email, and the paths withheld; null when it holds none (a later link holds only a
 * commitment, `evidence.personal`).
 */
export function redactAnswerEvidence(
  event: unknown,
): { event: Record<string, unknown>; withheld: string[] } | null {
  const e = event as { evidence?: unknown } | null;
  const evidence = e?.evidence;
  if (typeof evidence !== 'object' || evidence === null || 'personal' in evidence) return null;
  const kept = { ...(evidence as Record<string, unknown>) };
  const withheld: string[] = [];
  for (const field of PERSONAL)
    if (kept[field] !== undefined && kept[field] !== null) {
      delete kept[field];
      withheld.push(`evidence.${field}`);
    }
  const stepUp = kept.stepUp as Record<string, unknown> | undefined;
  if (stepUp && typeof stepUp === 'object' && stepUp.email !== undefined && stepUp.email !== null) {
    const { email: _email, ...rest } = stepUp;
    kept.stepUp = rest;
    withheld.push('evidence.stepUp.email');
  }
  if (withheld.length === 0) return null;
  return { event: { ...(event as object), evidence: { ...kept, withheld } }, withheld };
}

/**
 * Whether `redaction` vouches for a link that no longer matches its hash: signed (under `trusted`,
 * else the key it names, as an archive checked offline has no other), for this very link (council,
 * case, seq, record, the hash and previous hash it carries), and the link as it reads now
 * (`nowHash`, its content hashed after its previous hash) is the redacted form signed. Anything
 * else changed in the link, or in the statement, fails.
 */
export function redactionVouches(
  link: { id: string; hash: string; prevHash: string },
  content: { tenantId: string; caseId: string; seq: number },
  nowHash: string,
  redaction: SignedRedaction | undefined,
  trusted?: KeyObject,
): boolean {
  if (!redaction) return false;
  const s = redaction.statement;
  return (
    s?.format === 'ratify-audit-redaction/1' &&
    s.council === content.tenantId &&
    s.caseId === content.caseId &&
    s.seq === content.seq &&
    String(s.recordId) === String(link.id) &&
    s.hash === link.hash &&
    s.prevHash === link.prevHash &&
    s.redactedHash === nowHash &&
    checkpointSignatureOk(redaction, trusted)
  );
}
