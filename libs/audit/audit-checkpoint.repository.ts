import type { AcrossCouncils } from '../core/across-councils';
import type { Queryable } from '../core/queryable';
import type { PublishedCheckpoint } from './checkpoint-key.service';
import type { TenantScope } from '../core/tenant-scope';

/** One leaf of a checkpoint's tree: a case's chain, by its length and last hash. */
export interface CheckpointLeaf {
  caseId: string;
  records: number;
  head: string;
}

export interface StoredCheckpoint {
  published: PublishedCheckpoint;
  leaves: CheckpointLeaf[];
}

interface Row {
  tenant_id: string;
  made_at: Date;
  tree_size: number;
  root_hash: string;
  signature: string;
  key_id: string;
  public_key: string;
  leaves: CheckpointLeaf[];
}

function toStored(r: Row): StoredCheckpoint {
  return {
    published: {
      statement: {
        format: 'ratify-audit-checkpoint/1',
        council: r.tenant_id,
        treeSize: r.tree_size,
        rootHash: r.root_hash,
        madeAt: r.made_at.toISOString(),
      },
      signature: r.signature,
      publicKey: r.public_key,
      keyId: r.key_id,
    },
    leaves: r.leaves,
  };
}

/** The audit_checkpoints table (append-only for the runtime role) and the leaves it is made of. */
export class AuditCheckpointRepository {
  /** Each case of the council with its chain's length and head, as the case row keeps them. */
  async currentLeaves(scope: TenantScope, q: Queryable): Promise<CheckpointLeaf[]> {
    return q.query(
      `SELECT id AS "caseId", version AS records, audit_head AS head FROM cases
        WHERE tenant_id = $1 ORDER BY id`,
      [scope.tenantId],
    );
  }

  /** Keeps a checkpoint of the scope's council; one naming another council is a bug, thrown. */
  async insert(
    scope: TenantScope,
    q: Queryable,
    cp: PublishedCheckpoint,
    leaves: CheckpointLeaf[],
  ): Promise<void> {
    const s = cp.statement;
    if (s.council !== scope.tenantId)
      throw new Error(`a checkpoint of council ${s.council} kept in ${scope.tenantId}'s scope`);
    await q.query(
      `INSERT INTO audit_checkpoints (tenant_id, made_at, tree_size, root_hash, signature, key_id, public_key, leaves)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        scope.tenantId,
        s.madeAt,
        s.treeSize,
        s.rootHash,
        cp.signature,
        cp.keyId,
        cp.publicKey,
        JSON.stringify(leaves),
      ],
    );
  }

  async latest(scope: TenantScope, q: Queryable): Promise<StoredCheckpoint | null> {
    const rows: Row[] = await q.query(
      `SELECT * FROM audit_checkpoints WHERE tenant_id = $1 ORDER BY made_at DESC, id DESC LIMIT 1`,
      [scope.tenantId],
    );
    return rows[0] ? toStored(rows[0]) : null;
  }

  /** The scope's stored checkpoint a published one was made from (by its root and time). */
  async matching(
    scope: TenantScope,
    q: Queryable,
    cp: PublishedCheckpoint,
  ): Promise<StoredCheckpoint | null> {
    const rows: Row[] = await q.query(
      `SELECT * FROM audit_checkpoints WHERE tenant_id = $1 AND root_hash = $2 AND made_at = $3 LIMIT 1`,
      [scope.tenantId, cp.statement.rootHash, cp.statement.madeAt],
    );
    return rows[0] ? toStored(rows[0]) : null;
  }

  /**
   * Every council, across councils on purpose: the checkpoint job's sweep finds them here and then
   * makes each council's checkpoint bound to it (ADR 0015).
   */
  async tenants(_sweep: AcrossCouncils<'sweep'>, q: Queryable): Promise<string[]> {
    const rows: { tenant_id: string }[] = await q.query(
      'SELECT tenant_id FROM tenants ORDER BY tenant_id',
    );
    return rows.map((r) => r.tenant_id);
  }
}
