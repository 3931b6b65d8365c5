import { Injectable } from '@nestjs/common';
import { escapeLiteral } from 'pg';
import { EntityManager } from 'typeorm';
import { AuditContent, chainHash, GENESIS_HASH, StoredLink } from './audit-chain.service';
import type { SignedRedaction } from './audit-redaction.service';
import type { TenantScope } from '../core/tenant-scope';
import type { AcrossCouncils } from '../core/across-councils';
import { type CopyBytes, copyOutBytes } from './copy-out.service';
import { recordedAtOf } from './iso-time.service';

/** A case's row as its chain is checked against it: the head it keeps (cases.audit_head). */
export interface CaseHead {
  id: string;
  /** What people quote: "SCC-2026-0042" (docs/adr/0038). */
  reference: string;
  version: number;
  head: string;
  /** As PostgreSQL writes it (to the microsecond), for the next batch's keyset. */
  createdAt: string;
}

interface Row {
  id: string;
  tenant_id: string;
  case_id: string;
  seq: number;
  /** Milliseconds since 1970 (numeric, as text; `Infinity` for infinity): recordedAtOf's. */
  recorded_ms: string;
  actor: unknown;
  authority: unknown;
  event: unknown;
  from_state: string | null;
  to_state: string;
  prev_hash: string;
  hash: string;
  redaction: SignedRedaction | null;
}

/**
 * Each link with the signed redaction vouching for it, if retention redacted it (docs/adr/0020).
 * recorded_at as whole milliseconds since 1970, rounded down as a Date read by pg keeps it
 * (postgres-date drops the microseconds): a number to a Date is far cheaper than pg's parsing of
 * the timestamp's text, a third of audit:verify's row reading (issue #21). As numeric, not int8,
 * which has no infinity: a recorded_at of 'infinity' a tamperer wrote is read as `Infinity`, and
 * its link found edited (recordedAtOf), where int8 failed the whole statement.
 */
const WITH_REDACTION = `SELECT a.id, a.tenant_id, a.case_id, a.seq,
       floor(extract(epoch FROM a.recorded_at) * 1000) AS recorded_ms, a.actor, a.authority, a.event,
       a.from_state, a.to_state, a.prev_hash, a.hash, r.signed AS redaction FROM audit_records a
  LEFT JOIN audit_redactions r ON r.tenant_id = a.tenant_id AND r.record_id = a.id`;

function toLink(r: Row): StoredLink {
  return {
    id: String(r.id),
    tenantId: r.tenant_id,
    caseId: r.case_id,
    seq: r.seq,
    recordedAt: recordedAtOf(Number(r.recorded_ms)),
    actor: r.actor,
    authority: r.authority,
    event: r.event,
    fromState: r.from_state,
    toState: r.to_state,
    prevHash: r.prev_hash,
    hash: r.hash,
    ...(r.redaction ? { redaction: r.redaction } : {}),
  };
}

/** Appends links and reads chains. Only INSERT: the database refuses anything else. */
@Injectable()
export class AuditRepository {
  /** The hash the next link will carry: computed before the case row is advanced, which stores it as its head. */
  static hashOf(
    content: Omit<AuditContent, 'recordedAt'> & { recordedAt: Date },
    prevHash: string,
  ): string {
    return chainHash(prevHash, { ...content, recordedAt: content.recordedAt.toISOString() });
  }

  /**
   * The hash of a case's last link, for callers that did not read the case's stored head: the
   * genesis hash for a case of another council, as for a case with no link yet.
   */
  async head(scope: TenantScope, m: EntityManager, caseId: string): Promise<string> {
    const last: { hash: string }[] = await m.query(
      'SELECT hash FROM audit_records WHERE tenant_id = $1 AND case_id = $2 ORDER BY seq DESC LIMIT 1',
      [scope.tenantId, caseId],
    );
    return last[0]?.hash ?? GENESIS_HASH;
  }

  /**
   * The next link's INSERT as a sub-statement of the statement that advances its case: `advanced`
   * names the CTE returning the case row it advanced, so the link is written exactly when the
   * case moved (and its head with it), in the same statement. `p` adds a parameter.
   */
  static appendAfter(
    advanced: string,
    content: Omit<AuditContent, 'recordedAt'> & { recordedAt: Date },
    prevHash: string,
    hash: string,
    p: (value: unknown) => string,
  ): string {
    const values = [
      content.tenantId,
      content.caseId,
      content.seq,
      content.recordedAt,
      JSON.stringify(content.actor),
      JSON.stringify(content.authority),
      JSON.stringify(content.event),
      content.fromState,
      content.toState,
      prevHash,
      hash,
    ];
    return `INSERT INTO audit_records (tenant_id, case_id, seq, recorded_at, actor, authority, event, from_state, to_state, prev_hash, hash)
       SELECT ${values.map(p).join(', ')} FROM ${advanced}`;
  }

  /**
   * Appends the next link. Call inside the transaction that changed the case, after the case row
   * was updated: that row lock serialises appends to one chain. The link is written only to a case
   * of the scope's council, and names that council; anything else is a bug, thrown.
   */
  async append(
    scope: TenantScope,
    m: EntityManager,
    content: Omit<AuditContent, 'recordedAt'> & { recordedAt: Date },
    prev?: string,
  ): Promise<string> {
    if (content.tenantId !== scope.tenantId)
      throw new Error(
        `a link of council ${content.tenantId} appended in ${scope.tenantId}'s scope`,
      );
    const prevHash = prev ?? (await this.head(scope, m, content.caseId));
    const full: AuditContent = { ...content, recordedAt: content.recordedAt.toISOString() };
    const hash = chainHash(prevHash, full);
    const written: unknown[] = await m.query(
      `INSERT INTO audit_records (tenant_id, case_id, seq, recorded_at, actor, authority, event, from_state, to_state, prev_hash, hash)
       SELECT c.tenant_id, c.id, $3, $4, $5, $6, $7, $8, $9, $10, $11
         FROM cases c WHERE c.tenant_id = $1 AND c.id = $2
       RETURNING 1`,
      [
        scope.tenantId,
        full.caseId,
        full.seq,
        content.recordedAt,
        JSON.stringify(full.actor),
        JSON.stringify(full.authority),
        JSON.stringify(full.event),
        full.fromState,
        full.toState,
        prevHash,
        hash,
      ],
    );
    if (written.length !== 1)
      throw new Error(`no case ${full.caseId} in council ${scope.tenantId}`);
    return hash;
  }

  async chain(scope: TenantScope, m: EntityManager, caseId: string): Promise<StoredLink[]> {
    const rows: Row[] = await m.query(
      `${WITH_REDACTION} WHERE a.tenant_id = $1 AND a.case_id = $2 ORDER BY a.id`,
      [scope.tenantId, caseId],
    );
    return rows.map(toLink);
  }

  /** The chains of these cases, each in insertion order, in one query (audit:verify's batches). */
  async chains(
    scope: TenantScope,
    m: EntityManager,
    caseIds: string[],
  ): Promise<Map<string, StoredLink[]>> {
    const out = new Map<string, StoredLink[]>();
    if (caseIds.length === 0) return out;
    const rows: Row[] = await m.query(
      `${WITH_REDACTION} WHERE a.tenant_id = $1 AND a.case_id = ANY($2::uuid[]) ORDER BY a.case_id, a.id`,
      [scope.tenantId, caseIds],
    );
    for (const r of rows) {
      const link = toLink(r);
      const chain = out.get(link.caseId);
      if (chain) chain.push(link);
      else out.set(link.caseId, [link]);
    }
    return out;
  }

  /**
   * The same links as chains(), as one text, a line each, as `COPY … TO STDOUT` writes them
   * (copy-out.service.ts; RawLink in verify-batch.service.ts): id, case_id, seq, recorded_at in
   * whole milliseconds since 1970 (rounded down, as a Date read by pg holds it; `Infinity` and
   * `-Infinity` for PostgreSQL's infinities, as WITH_REDACTION reads them), the actor's,
   * authority's and event's jsonb text, from_state, to_state, prev_hash, hash, and the redaction's
   * signed jsonb (empty: none), separated by tabs, each field escaped by COPY (no field holds a raw
   * tab or line break, whatever the records hold; `\N`: NULL): most lines hold no backslash at
   * all, and are read as they are. The tenant is the scope's (every row is its council's). In no
   * order: verifyBatch puts each case's links together and in insertion order (id) itself, for
   * less than PostgreSQL's sort of the batch's wide rows cost it (a quarter of the statement's
   * CPU; docs/benchmarks.md, session 25). As the bytes PostgreSQL sent (CopyBytes), for a worker
   * thread to decode, parse and hash (audit:verify; issue #21): COPY writes each row's fields
   * straight out, for about half the CPU of a JSON array a link aggregated into one text
   * (docs/benchmarks.md, session 22). Call inside a transaction.
   */
  async rawChains(scope: TenantScope, m: EntityManager, caseIds: string[]): Promise<CopyBytes> {
    if (caseIds.length === 0) return { buffer: new ArrayBuffer(0), length: 0 };
    // In the caller's transaction: one process writes the text (parallel workers cost a fifth
    // more CPU for it, on cores the worker threads hashing the batches before need), and reads
    // the pages itself (effective_io_concurrency 0) rather than through PostgreSQL's I/O worker
    // processes, whose hand-offs cost more CPU than the pages' reads, from the OS's cache most
    // (docs/benchmarks.md, session 25).
    await m.query(
      'SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL effective_io_concurrency = 0',
    );
    // COPY takes no parameters: the council and the cases as quoted literals.
    return copyOutBytes(
      m,
      `COPY (SELECT a.id, a.case_id, a.seq, floor(extract(epoch FROM a.recorded_at) * 1000),
                    a.actor, a.authority, a.event, a.from_state, a.to_state, a.prev_hash, a.hash,
                    coalesce(r.signed::text, '')
               FROM audit_records a
               LEFT JOIN audit_redactions r ON r.tenant_id = a.tenant_id AND r.record_id = a.id
              WHERE a.tenant_id = ${escapeLiteral(scope.tenantId)}::uuid
                AND a.case_id = ANY(${escapeLiteral(`{${caseIds.join(',')}}`)}::uuid[])) TO STDOUT`,
    );
  }

  /** The case's version and the head its row keeps (null: no such case in the council). */
  async caseHead(
    scope: TenantScope,
    m: EntityManager,
    caseId: string,
  ): Promise<{ version: number; head: string } | null> {
    const rows: { version: number; head: string }[] = await m.query(
      'SELECT version, audit_head AS head FROM cases WHERE tenant_id = $1 AND id = $2',
      [scope.tenantId, caseId],
    );
    return rows[0] ?? null;
  }

  /** The council's next `limit` cases after `after` (by creation, then id), with their heads. */
  async caseHeadsAfter(
    scope: TenantScope,
    m: EntityManager,
    after: CaseHead | null,
    limit: number,
  ): Promise<CaseHead[]> {
    // A range of IDX_cases_tenant_created: the first batch, or those after the last one read.
    const heads =
      'SELECT id, reference, version, audit_head AS head, created_at::text AS "createdAt"';
    return after
      ? m.query(
          `${heads} FROM cases WHERE tenant_id = $1 AND (created_at, id) > ($2::timestamptz, $3::uuid)
            ORDER BY created_at, id LIMIT $4`,
          [scope.tenantId, after.createdAt, after.id, limit],
        )
      : m.query(`${heads} FROM cases WHERE tenant_id = $1 ORDER BY created_at, id LIMIT $2`, [
          scope.tenantId,
          limit,
        ]);
  }

  /** Every council that has a case, for audit:verify to check each council's chains bound to it. */
  async councilsWithCases(_tool: AcrossCouncils<'tool'>, m: EntityManager): Promise<string[]> {
    const rows: { tenant_id: string }[] = await m.query(
      'SELECT DISTINCT tenant_id FROM cases ORDER BY tenant_id',
    );
    return rows.map((r) => r.tenant_id);
  }

  /** The links whose actor is one of these people, in chain order (a subject access export). */
  async byActor(scope: TenantScope, m: EntityManager, personIds: string[]): Promise<StoredLink[]> {
    const rows: Row[] = await m.query(
      `${WITH_REDACTION} WHERE a.tenant_id = $1 AND a.actor->>'personId' = ANY($2::text[])
        ORDER BY a.case_id, a.id`,
      [scope.tenantId, personIds],
    );
    return rows.map(toLink);
  }
}
