import { KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditCheckpointRepository } from './audit-checkpoint.repository';
import { verifyChain } from './audit-chain.service';
import { AuditRepository } from './audit.repository';
import {
  checkpointSignatureOk,
  PublishedCheckpoint,
  publicKeyFrom,
} from './checkpoint-key.service';
import { leafBytes } from './make-checkpoint.use-case';
import { merkleRoot } from './merkle-tree.service';
import { tenantScope } from '../core/tenant-scope';

export interface CheckpointProblem {
  problem: 'key' | 'signature' | 'missing' | 'leaves' | 'chain';
  caseId?: string;
  atSeq?: number;
  detail: string;
}

/**
 * The database checked against a checkpoint published earlier (kept outside it): the signature
 * under the council's public key, the stored leaves against the signed root, and each case's
 * chain, up to the length it had then, against the head signed. A superuser who rewrote a chain
 * and re-hashed it (and the case's head) cannot sign the root again, so the rewrite shows.
 */
export class VerifyCheckpointUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly checkpoints: AuditCheckpointRepository,
    private readonly audit: AuditRepository,
  ) {}

  async verify(cp: PublishedCheckpoint, trusted: KeyObject): Promise<CheckpointProblem[]> {
    const der = (k: KeyObject) => k.export({ format: 'der', type: 'spki' }).toString('base64');
    let named: string | null = null;
    try {
      named = der(publicKeyFrom(cp.publicKey));
    } catch {
      named = null;
    }
    if (named !== der(trusted))
      return [{ problem: 'key', detail: `signed with key ${cp.keyId}, not the council's key` }];
    if (!checkpointSignatureOk(cp, trusted))
      return [{ problem: 'signature', detail: 'the signature does not match the checkpoint' }];
    const stored = await this.checkpoints.matching(tenantScope(cp.statement.council), this.ds, cp);
    if (!stored)
      return [
        {
          problem: 'missing',
          detail: `the database has no checkpoint made at ${cp.statement.madeAt} with this root: it was removed or altered`,
        },
      ];
    if (
      stored.leaves.length !== cp.statement.treeSize ||
      merkleRoot(stored.leaves.map(leafBytes)) !== cp.statement.rootHash
    )
      return [
        {
          problem: 'leaves',
          detail:
            'the heads kept with the checkpoint no longer make its signed root: they were altered',
        },
      ];
    const problems: CheckpointProblem[] = [];
    for (const leaf of stored.leaves) {
      const chain = (
        await this.audit.chain(tenantScope(cp.statement.council), this.ds.manager, leaf.caseId)
      )
        .filter((l) => l.seq <= leaf.records)
        .sort((a, b) => a.seq - b.seq);
      const finding = verifyChain(chain, leaf.records, trusted);
      if (!finding.ok)
        problems.push({
          problem: 'chain',
          caseId: leaf.caseId,
          atSeq: finding.atSeq,
          detail: finding.detail,
        });
      else if (finding.headHash !== leaf.head)
        problems.push({
          problem: 'chain',
          caseId: leaf.caseId,
          atSeq: leaf.records,
          detail: `records 1 to ${leaf.records} no longer end in the head signed at ${cp.statement.madeAt}: the chain was rewritten and re-hashed`,
        });
    }
    return problems;
  }
}
