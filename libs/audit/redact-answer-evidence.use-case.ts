import type { EntityManager } from 'typeorm';
import { chainHash, contentOf, verifyChain } from './audit-chain.service';
import { AuditRedactionRepository } from './audit-redaction.repository';
import { redactAnswerEvidence, type RedactionStatement } from './audit-redaction.service';
import type { AuditRepository } from './audit.repository';
import type { CheckpointKey } from './checkpoint-key.service';
import { tenantScope } from '../core/tenant-scope';

/**
 * Takes the answers' IP address, browser and step-up email out of a case's audit links written
 * before the cut-over (docs/adr/0020), in the caller's transaction, its case row locked: only
 * after the case's chain verifies and ends in the head the case keeps (so the hashes the
 * statements vouch for are the true ones), each such link redacted under a statement signed with
 * the checkpoint key. Hashes are untouched. Returns how many links were redacted; none when the
 * chain does not verify (nothing to vouch for: the links stay as they are, and stay due).
 */
export async function redactAnswerEvidenceInChain(
  m: EntityManager,
  key: CheckpointKey,
  audit: Pick<AuditRepository, 'chain'>,
  at: { tenantId: string; caseId: string; reason: string; now: Date },
): Promise<number> {
  const scope = tenantScope(at.tenantId);
  const kase = await AuditRedactionRepository.caseAt(scope, m, at.caseId);
  if (!kase) return 0;
  const links = await audit.chain(scope, m, at.caseId);
  const finding = verifyChain(links, kase.version, key.publicKey);
  if (!finding.ok || finding.headHash !== kase.head) return 0;
  let redacted = 0;
  for (const link of links) {
    if (link.redaction) continue;
    const r = redactAnswerEvidence(link.event);
    if (!r) continue;
    const statement: RedactionStatement = {
      format: 'ratify-audit-redaction/1',
      council: link.tenantId,
      caseId: link.caseId,
      seq: link.seq,
      recordId: link.id,
      hash: link.hash,
      prevHash: link.prevHash,
      redactedHash: chainHash(link.prevHash, { ...contentOf(link), event: r.event }),
      withheld: r.withheld,
      reason: at.reason,
      madeAt: at.now.toISOString(),
    };
    await AuditRedactionRepository.redact(scope, m, key.sign(statement), r.event, at.now);
    redacted++;
  }
  return redacted;
}
