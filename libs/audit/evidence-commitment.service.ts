import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';

/**
 * The personal part of an answer's evidence: where it came from (IP address, browser) and the
 * email a step-up proved. Kept outside the audit chain (response_evidence), so retention can
 * erase it while the chain still verifies (docs/adr/0020).
 */
export interface PersonalEvidence {
  ip: string | null;
  userAgent: string | null;
  /** The email the step-up before the answer proved, when there was one. */
  stepUpEmail?: string;
}

/** What an audit link holds in place of the personal evidence: a commitment to it, never the data. */
export interface EvidenceCommitment {
  scheme: typeof EVIDENCE_SCHEME;
  /** HMAC-SHA256, keyed with the evidence row's own random salt, of the evidence's canonical JSON (RFC 8785), hex. */
  commitment: string;
}

export const EVIDENCE_SCHEME = 'hmac-sha256-salted/1';

function hmac(salt: string, evidence: PersonalEvidence): string {
  return createHmac('sha256', Buffer.from(salt, 'base64url'))
    .update(canonicalize(evidence))
    .digest('hex');
}

/**
 * Commits to the evidence: a fresh 32-byte salt per answer, so that the commitment on the chain
 * reveals nothing (an IP address alone could be found by trying all four billion), and once the
 * salt is erased with the evidence nobody can test a guess against it.
 */
export function commitEvidence(evidence: PersonalEvidence): {
  salt: string;
  onChain: EvidenceCommitment;
} {
  const salt = randomBytes(32).toString('base64url');
  return { salt, onChain: { scheme: EVIDENCE_SCHEME, commitment: hmac(salt, evidence) } };
}

/** Whether the kept evidence and salt are what the chain committed to: recomputed and compared. */
export function evidenceMatches(
  evidence: PersonalEvidence,
  salt: string,
  onChain: EvidenceCommitment,
): boolean {
  if (onChain.scheme !== EVIDENCE_SCHEME || !/^[0-9a-f]{64}$/.test(onChain.commitment))
    return false;
  const expected = Buffer.from(onChain.commitment, 'hex');
  return timingSafeEqual(Buffer.from(hmac(salt, evidence), 'hex'), expected);
}

/** The commitment an audit link's evidence carries, if it was written in the committed form. */
export function commitmentIn(event: unknown): EvidenceCommitment | null {
  const personal = (event as { evidence?: { personal?: unknown } } | null)?.evidence?.personal;
  if (typeof personal !== 'object' || personal === null) return null;
  const p = personal as Partial<EvidenceCommitment>;
  return typeof p.commitment === 'string' && p.scheme === EVIDENCE_SCHEME
    ? { scheme: p.scheme, commitment: p.commitment }
    : null;
}
