import { Injectable } from '@nestjs/common';
import type { AcrossCouncils } from '../core/across-councils';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';

/** A one-time link as its holder's page and answer read it. */
export interface LinkRow {
  id: string;
  tenant_id: string;
  case_id: string;
  person_id: string;
  role: string;
  request: string;
  allowed_responses: string[];
  document_hashes: { name: string; sha256: string }[];
  status: 'open' | 'consumed' | 'voided';
  settled_at: Date | null;
  outcome: { response?: string; recordedAt?: string; reason?: string } | null;
}

/** What a link's page shows of the case it asks about. */
export interface LinkCaseRow {
  title: string;
  summary: string;
  roles: Record<string, never>;
  created_by: string;
  snapshot: { context: unknown };
}

/** A view of a link's page, or an attempt at an answer, kept as evidence (for the certificate). */
export interface LinkView {
  linkId: string;
  method: string;
  at: Date;
  ip: string | null;
  userAgent: string | null;
}

const LINK = `SELECT id, tenant_id, case_id, person_id, role, request, allowed_responses, document_hashes, status, settled_at, outcome
                FROM action_links`;

/**
 * The one-time links' SQL (action_links, action_link_views): the link found by its token, its
 * views kept, its answer recorded, and what its page reads of its case; the officer's chase and a
 * document's new version void them. Every statement but the token's look-up keeps to the scope's council by its own clause,
 * row-level security aside (ADR 0015).
 */
@Injectable()
export class ActionLinkRepository {
  /**
   * Voids the case's open links, chased with new ones; the requests and roles they were for, each
   * once (none when nobody was waiting for an answer by email).
   */
  voidOpenChased(scope: TenantScope, m: Queryable, caseId: string, at: Date) {
    return this.voidOpen(scope, m, caseId, at, 'chased: a new link was sent', 'each pair once');
  }

  /**
   * Voids the case's open links because a new version of a document replaced the one they named;
   * the request and role of each (once a link), to send again.
   */
  voidOpenForNewVersion(scope: TenantScope, m: Queryable, caseId: string, at: Date) {
    const reason = 'a new version of a document replaced the one it named';
    return this.voidOpen(scope, m, caseId, at, reason, 'each link');
  }

  /** Voids the case's open links for `reason`: the request and role of each voided (or each pair once). */
  private voidOpen(
    scope: TenantScope,
    m: Queryable,
    caseId: string,
    at: Date,
    reason: string,
    rows: 'each link' | 'each pair once',
  ): Promise<{ request: string; role: string }[]> {
    return m.query(
      `WITH v AS (UPDATE action_links SET status = 'voided', settled_at = $2, outcome = jsonb_build_object('reason', $4::text)
                   WHERE case_id = $1 AND tenant_id = $3 AND status = 'open' RETURNING request, role)
       SELECT ${rows === 'each pair once' ? 'DISTINCT ' : ''}request, role FROM v`,
      [caseId, at, scope.tenantId, reason],
    );
  }

  /**
   * The link whose token hashes to this: what the request brings finds its council (the request
   * is bound to it already, apps/api/http/request-council.middleware.ts), so this one read takes
   * no scope and says so by type; whatever follows is scoped to the link's council.
   */
  async byTokenHash(
    _lookUp: AcrossCouncils<'council look-up'>,
    m: Queryable,
    tokenHash: string,
  ): Promise<LinkRow | null> {
    const rows: LinkRow[] = await m.query(`${LINK} WHERE token_hash = $1`, [tokenHash]);
    return rows[0] ?? null;
  }

  /** The council's link whose token hashes to this, locked for its answer's transaction. */
  async lockByTokenHash(
    scope: TenantScope,
    m: Queryable,
    tokenHash: string,
  ): Promise<LinkRow | null> {
    const rows: LinkRow[] = await m.query(
      `${LINK} WHERE token_hash = $1 AND tenant_id = $2 FOR UPDATE`,
      [tokenHash, scope.tenantId],
    );
    return rows[0] ?? null;
  }

  /**
   * The link's case locked, first: the order every send takes them in (it advances the case, then
   * voids the case's other links). Taken the other way round, an answer and a send at the same
   * moment deadlock.
   */
  async lockCase(scope: TenantScope, m: Queryable, caseId: string): Promise<void> {
    await m.query('SELECT 1 FROM cases WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [
      scope.tenantId,
      caseId,
    ]);
  }

  /** The link answered: consumed, with the answer and when it was recorded. */
  async consume(
    scope: TenantScope,
    m: Queryable,
    t: { linkId: string; at: Date; outcome: { response: string; recordedAt: string } },
  ): Promise<void> {
    await m.query(
      `UPDATE action_links SET status = 'consumed', settled_at = $2, outcome = $3 WHERE id = $1 AND tenant_id = $4`,
      [t.linkId, t.at, JSON.stringify(t.outcome), scope.tenantId],
    );
  }

  /** Keeps a view of the council's link (nothing for a link of another council). */
  async logView(scope: TenantScope, q: Queryable, v: LinkView): Promise<void> {
    await q.query(
      `INSERT INTO action_link_views (tenant_id, link_id, method, viewed_at, ip, user_agent)
       SELECT l.tenant_id, l.id, $3, $4, $5, $6 FROM action_links l WHERE l.tenant_id = $1 AND l.id = $2`,
      [scope.tenantId, v.linkId, v.method, v.at, v.ip, v.userAgent],
    );
  }

  /** The template and version the link's case runs on. */
  async caseTemplate(
    scope: TenantScope,
    m: Queryable,
    caseId: string,
  ): Promise<{ template_id: string; template_version: number } | null> {
    const rows: { template_id: string; template_version: number }[] = await m.query(
      'SELECT template_id, template_version FROM cases WHERE id = $1 AND tenant_id = $2',
      [caseId, scope.tenantId],
    );
    return rows[0] ?? null;
  }

  /** What the link's page shows of its case. */
  async caseOfPage(scope: TenantScope, m: Queryable, caseId: string): Promise<LinkCaseRow | null> {
    const rows: LinkCaseRow[] = await m.query(
      'SELECT title, summary, roles, created_by, snapshot FROM cases WHERE id = $1 AND tenant_id = $2',
      [caseId, scope.tenantId],
    );
    return rows[0] ?? null;
  }
}
