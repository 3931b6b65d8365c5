import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { Actor, actorRecord } from '../core/actor.dto';
import { CaseNotFoundError } from '../errors/domain.errors';
import type { TenantScope } from '../core/tenant-scope';

/** What retention records on a case's chain: a hold placed or lifted (on a document or the case's personal data), content or personal data disposed of. */
export type DocumentFactType =
  | 'DOCUMENT_HOLD_PLACED'
  | 'DOCUMENT_HOLD_LIFTED'
  | 'DOCUMENT_CONTENT_DISPOSED'
  | 'PERSONAL_DATA_DISPOSED'
  | 'PERSONAL_DATA_HOLD_PLACED'
  | 'PERSONAL_DATA_HOLD_RELEASED';

/**
 * Puts a retention fact on its case's audit chain (and the case's events) inside the caller's
 * transaction: the case row locked, its version moved on by one and its audit head set to the
 * new link, exactly as the engine's facts do, so `audit:verify` walks it like any other link. It
 * does not touch the case's state, nor its closing date, from which retention counts (the engine's
 * `advance` would stamp a closed case as closed now). The link holds hashes and words, never the
 * content. These tables' other writes are the engine's (libs/engine/case.repository.ts); this is
 * the one statement retention needs, kept beside it.
 */
@Injectable()
export class DocumentFactsRepository {
  constructor(private readonly audit: AuditRepository) {}

  async append(
    scope: TenantScope,
    m: EntityManager,
    caseId: string,
    fact: { type: DocumentFactType; payload: Record<string, unknown> },
    actor: Actor,
    authority: { kind: 'staff'; role: string },
    now: Date,
  ): Promise<void> {
    const [row]: { version: number; state_key: string; audit_head: string | null }[] =
      await m.query(
        'SELECT version, state_key, audit_head FROM cases WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
        [scope.tenantId, caseId],
      );
    if (!row) throw new CaseNotFoundError(caseId);
    const prevHash = row.audit_head || (await this.audit.head(scope, m, caseId));
    const link = {
      tenantId: scope.tenantId,
      caseId,
      seq: row.version + 1,
      recordedAt: now,
      actor: actorRecord(actor),
      authority,
      event: { type: fact.type, ...fact.payload },
      fromState: row.state_key,
      toState: row.state_key,
    };
    const hash = AuditRepository.hashOf(link, prevHash);
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const sql = `WITH u AS (
        UPDATE cases SET version = version + 1, audit_head = ${p(hash)}
         WHERE tenant_id = ${p(scope.tenantId)} AND id = ${p(caseId)} AND version = ${p(row.version)}
         RETURNING tenant_id, id, version),
      e AS (
        INSERT INTO case_events (tenant_id, case_id, seq, type, payload, actor_person_id, authority, occurred_at)
        SELECT tenant_id, id, version, ${p(fact.type)}, ${p(JSON.stringify(fact.payload))},
               ${p(actor.kind === 'person' ? actor.person.id : null)}, ${p(JSON.stringify(authority))}, ${p(now)} FROM u),
      a AS (${AuditRepository.appendAfter('u', link, prevHash, hash, p)})
      SELECT count(*)::int AS n FROM u`;
    const [done]: { n: number }[] = await m.query(sql, params);
    if (done.n !== 1) throw new Error(`case ${caseId} moved while its retention fact was recorded`);
  }
}
