import { Injectable } from '@nestjs/common';
import { canonicalize } from 'json-canonicalize';
import { DataSource } from 'typeorm';
import { acrossCouncils } from '../core/across-councils';
import { Clock } from '../core/clock.service';
import { forEachCouncilWithWork } from '../core/tenant-context.service';
import { AuditCheckpointRepository, CheckpointLeaf } from './audit-checkpoint.repository';
import { CheckpointKey, CheckpointStatement, PublishedCheckpoint } from './checkpoint-key.service';
import { merkleRoot } from './merkle-tree.service';
import { tenantScope } from '../core/tenant-scope';

/** A leaf's bytes in the tree: its canonical JSON (RFC 8785). */
export function leafBytes(leaf: CheckpointLeaf): Buffer {
  return Buffer.from(canonicalize({ caseId: leaf.caseId, records: leaf.records, head: leaf.head }));
}

/**
 * Checkpoints of a council's audit: every case's chain (its length and head) as one RFC 6962
 * Merkle root, signed with the Ed25519 key the database does not hold, kept and published (the
 * public register, /register/:council/audit-checkpoint.json). A new one only when a chain moved.
 */
@Injectable()
export class MakeCheckpointUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly key: CheckpointKey,
    private readonly checkpoints: AuditCheckpointRepository,
  ) {}

  async make(tenantId: string): Promise<{ checkpoint: PublishedCheckpoint; made: boolean }> {
    const leaves = await this.checkpoints.currentLeaves(tenantScope(tenantId), this.ds);
    const rootHash = merkleRoot(leaves.map(leafBytes));
    const latest = await this.checkpoints.latest(tenantScope(tenantId), this.ds);
    if (
      latest?.published.statement.rootHash === rootHash &&
      latest.published.keyId === this.key.keyId
    )
      return { checkpoint: latest.published, made: false };
    const checkpoint = this.key.sign<CheckpointStatement>({
      format: 'ratify-audit-checkpoint/1',
      council: tenantId,
      treeSize: leaves.length,
      rootHash,
      madeAt: this.clock.now().toISOString(),
    });
    await this.checkpoints.insert(tenantScope(tenantId), this.ds, checkpoint, leaves);
    return { checkpoint, made: true };
  }

  /**
   * Every council's: how many new checkpoints were made. The councils are found across councils;
   * each council's checkpoint is made bound to it (ADR 0015).
   */
  async makeAll(): Promise<number> {
    const made = await forEachCouncilWithWork(
      () => this.checkpoints.tenants(acrossCouncils('sweep'), this.ds),
      async (tenantId) => (await this.make(tenantId)).made,
    );
    return made.filter(Boolean).length;
  }

  async latest(tenantId: string): Promise<PublishedCheckpoint | null> {
    return (await this.checkpoints.latest(tenantScope(tenantId), this.ds))?.published ?? null;
  }
}
