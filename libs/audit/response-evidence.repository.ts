import type { Queryable } from '../core/queryable';
import type { PersonalEvidence } from './evidence-commitment.service';
import type { TenantScope } from '../core/tenant-scope';

/** One answer's evidence as kept: its content and salt until erased. */
export interface KeptEvidence {
  seq: number;
  linkId: string | null;
  content: PersonalEvidence | null;
  salt: string | null;
  inChain: boolean;
  erasedAt: Date | null;
}

interface Row {
  seq: number;
  link_id: string | null;
  content: PersonalEvidence | null;
  salt: string | null;
  in_chain: boolean;
  erased_at: Date | null;
}

/** Where any of a case's answers still keep personal evidence: for retention's SQL. */
export const EVIDENCE_KEPT = 'content IS NOT NULL OR salt IS NOT NULL';

/**
 * The answers' personal evidence outside the chain (response_evidence, docs/adr/0020): written in
 * the answer's transaction beside its audit link, read by (case, seq), erased by retention.
 */
export class ResponseEvidenceRepository {
  /**
   * In the answer's transaction, once the engine has written link `seq` with the commitment: only
   * for a case of the scope's council; anything else is a bug, thrown.
   */
  static async record(
    scope: TenantScope,
    q: Queryable,
    row: {
      caseId: string;
      seq: number;
      linkId: string;
      content: PersonalEvidence;
      salt: string;
      at: Date;
    },
  ): Promise<void> {
    const written: unknown[] = await q.query(
      `INSERT INTO response_evidence (tenant_id, case_id, seq, link_id, content, salt, recorded_at)
       SELECT c.tenant_id, c.id, $3, $4, $5, $6, $7 FROM cases c WHERE c.tenant_id = $1 AND c.id = $2
       RETURNING 1`,
      [
        scope.tenantId,
        row.caseId,
        row.seq,
        row.linkId,
        JSON.stringify(row.content),
        row.salt,
        row.at,
      ],
    );
    if (written.length !== 1) throw new Error(`no case ${row.caseId} in council ${scope.tenantId}`);
  }

  /** A case's answers' evidence by the seq of their audit link. */
  static async forCase(
    scope: TenantScope,
    q: Queryable,
    caseId: string,
  ): Promise<Map<number, KeptEvidence>> {
    const rows: Row[] = await q.query(
      `SELECT seq, link_id, content, salt, in_chain, erased_at FROM response_evidence
        WHERE tenant_id = $1 AND case_id = $2 ORDER BY seq`,
      [scope.tenantId, caseId],
    );
    return new Map(
      rows.map((r) => [
        r.seq,
        {
          seq: r.seq,
          linkId: r.link_id,
          content: r.content,
          salt: r.salt,
          inChain: r.in_chain,
          erasedAt: r.erased_at,
        },
      ]),
    );
  }

  /** Erases a case's kept evidence (content and salt), in the caller's transaction; says how many. */
  static async erase(scope: TenantScope, q: Queryable, caseId: string, now: Date): Promise<number> {
    const result: unknown[] = await q.query(
      `UPDATE response_evidence SET content = NULL, salt = NULL, erased_at = $3
        WHERE tenant_id = $1 AND case_id = $2 AND (${EVIDENCE_KEPT})
        RETURNING id`,
      [scope.tenantId, caseId, now],
    );
    // An UPDATE … RETURNING through TypeORM's query() comes back as [rows, count].
    const rows = Array.isArray(result[0]) ? (result[0] as unknown[]) : result;
    return rows.length;
  }
}
