import type { StoredLink } from './audit-chain.service';
import { commitmentIn, evidenceMatches } from './evidence-commitment.service';
import type { KeptEvidence } from './response-evidence.repository';

/**
 * An answer's personal evidence as a reader is shown it, beside its audit link (never inside it:
 * the link is shown exactly as hashed):
 * - `kept`: the IP address, browser and the email a step-up proved; `matchesChain` says whether
 *   they are what the link committed to (recomputed now), or null for a link written before the
 *   cut-over, which holds them itself (docs/adr/0020);
 * - `erased`: retention erased them, on that day (from a link written before the cut-over, under
 *   a signed redaction statement);
 * - `withheld`: the reader may not see someone else's (case-read-policy.service.ts);
 * - `missing`: the link committed to evidence that is no longer kept and was not erased by
 *   retention: something removed it.
 */
export type ShownEvidence =
  | {
      state: 'kept';
      ip: string | null;
      userAgent: string | null;
      stepUpEmail: string | null;
      matchesChain: boolean | null;
    }
  | { state: 'erased'; erasedAt: string }
  | { state: 'withheld'; stepUpEmail: string | null }
  | { state: 'missing' };

/** An audit link with its answer's personal evidence beside it, when it records an answer. */
export type TrailLink = StoredLink & { personalEvidence?: ShownEvidence };

/** Each link recording an answer by email link, with the evidence kept for it. */
export function withEvidence(links: StoredLink[], kept: Map<number, KeptEvidence>): TrailLink[] {
  return links.map((link) => {
    const evidence = (link.event as { evidence?: Record<string, unknown> } | null)?.evidence;
    if (typeof evidence !== 'object' || evidence === null) return link;
    if (link.redaction)
      // Written before the cut-over and redacted by retention under a signed statement.
      return {
        ...link,
        personalEvidence: { state: 'erased', erasedAt: link.redaction.statement.madeAt },
      };
    return { ...link, personalEvidence: shown(evidence, kept.get(link.seq)) };
  });
}

function shown(evidence: Record<string, unknown>, row: KeptEvidence | undefined): ShownEvidence {
  if (row?.erasedAt) return { state: 'erased', erasedAt: row.erasedAt.toISOString() };
  const commitment = commitmentIn({ evidence });
  if (!commitment) {
    // Written before the cut-over: the link holds the evidence itself.
    const stepUp = evidence.stepUp as { email?: string } | undefined;
    return {
      state: 'kept',
      ip: (evidence.ip as string | null | undefined) ?? null,
      userAgent: (evidence.userAgent as string | null | undefined) ?? null,
      stepUpEmail: stepUp?.email ?? null,
      matchesChain: null,
    };
  }
  if (!row?.content || !row.salt) return { state: 'missing' };
  return {
    state: 'kept',
    ip: row.content.ip,
    userAgent: row.content.userAgent,
    stepUpEmail: row.content.stepUpEmail ?? null,
    matchesChain: evidenceMatches(row.content, row.salt, commitment),
  };
}
