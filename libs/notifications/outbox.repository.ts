import { Injectable } from '@nestjs/common';
import type { AcrossCouncils } from '../core/across-councils';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import type { DueInCouncil, DueOnVersion } from '../workflows/newer-build-versions.service';
import { onReleasedVersion, type ReleasedVersions } from '../workflows/template.registry';
import type { EmailPayload } from './email-message.service';

/** An email claimed for delivery, with what its message needs of its case. */
export interface ClaimedEmail {
  id: string;
  case_id: string;
  /** The case's reference (docs/adr/0038), in the subject, the body and the case's address. */
  reference: string;
  payload: EmailPayload;
  attempts: number;
  template_id: string;
  template_version: number;
}

/**
 * The outbox's SQL: the email effects the engine wrote (the effects table), as the worker claims,
 * sends and settles them (outbox-delivery.service.ts), the officer's resend sets them back and a
 * document's new version notes why its requests' emails came again.
 * Every statement but the sweep's keeps to the scope's council by its own clause, row-level
 * security aside (ADR 0015).
 */
@Injectable()
export class OutboxRepository {
  /**
   * Sets the case's email back to be sent again, at once and with its attempts counted afresh,
   * if it failed permanently; false when the case has no such failed email in the council.
   */
  async retryFailed(
    scope: TenantScope,
    m: Queryable,
    t: { caseId: string; effectId: string; at: Date },
  ): Promise<boolean> {
    const rows: { id: string }[] = await m.query(
      `WITH r AS (UPDATE effects SET status = 'pending', attempts = 0, available_at = $3, last_error = NULL
                   WHERE id = $1 AND case_id = $2 AND tenant_id = $4 AND status = 'failed' RETURNING id)
       SELECT id FROM r`,
      [t.effectId, t.caseId, t.at, scope.tenantId],
    );
    return rows.length > 0;
  }

  /**
   * Adds `note` to the pending emails of the case's requests written at `caseVersion` (those just
   * sent again): what they say then says why they came again.
   */
  async noteOnRequestEmails(
    scope: TenantScope,
    m: Queryable,
    t: { caseId: string; caseVersion: number; note: string },
  ): Promise<void> {
    await m.query(
      `UPDATE effects SET payload = payload || jsonb_build_object('note', $3::text)
        WHERE case_id = $1 AND tenant_id = $4 AND kind = 'email' AND status = 'pending'
          AND (payload->>'caseVersion')::int = $2 AND payload->>'linkId' IS NOT NULL`,
      [t.caseId, t.caseVersion, t.note, scope.tenantId],
    );
  }

  /** The emails due (the worker's sweep), counted by council (nothing read of their cases). */
  async emailsDueByCouncil(
    _sweep: AcrossCouncils<'sweep'>,
    q: Queryable,
    now: Date,
  ): Promise<DueInCouncil[]> {
    return q.query(
      `SELECT tenant_id, count(*)::int AS due FROM effects
        WHERE status = 'pending' AND available_at <= $1 GROUP BY tenant_id`,
      [now],
    );
  }

  /**
   * The council's emails due whose cases run on a version not in `released`, counted by version:
   * what its claims left to a newer build. Each due case is looked up by its key (OFFSET 0 keeps
   * the planner from joining otherwise), as the deadline sweep's count does: a plain join may scan
   * every case.
   */
  async emailsDueOnVersionsNotIn(
    scope: TenantScope,
    q: Queryable,
    now: Date,
    released: ReleasedVersions,
  ): Promise<DueOnVersion[]> {
    return q.query(
      `SELECT e.tenant_id, k.template_id, k.template_version, sum(e.due)::int AS due
         FROM (SELECT tenant_id, case_id, count(*) AS due FROM effects
                WHERE tenant_id = $2 AND status = 'pending' AND available_at <= $1
                GROUP BY tenant_id, case_id) e
        CROSS JOIN LATERAL (SELECT template_id, template_version FROM cases
                             WHERE id = e.case_id OFFSET 0) k
        WHERE NOT ${onReleasedVersion('k', 3)}
        GROUP BY e.tenant_id, k.template_id, k.template_version`,
      [now, scope.tenantId, released.ids, released.versions],
    );
  }

  /**
   * Claims up to `limit` of the council's due emails of cases on a `released` version (what they
   * say is their version's: another build's are left to it), soonest first, in one statement (FOR
   * UPDATE SKIP LOCKED, so that workers side by side never claim the same one): each is leased
   * until `leaseUntil` and its attempt counted. Each one's case is looked up by its key (OFFSET 0
   * keeps the EXISTS from becoming a join that may scan every case). Carrying the lookup's columns
   * through the sort, rather than joining the case again after it, was slower: 222 ms a claim with
   * 10,000 due against this form's 126 ms (EXPLAIN ANALYZE; with no version check, 45 to 55 ms).
   */
  async claim(
    scope: TenantScope,
    q: Queryable,
    t: { now: Date; leaseUntil: Date; limit: number },
    released: ReleasedVersions,
  ): Promise<ClaimedEmail[]> {
    const rows = await q.query(
      `WITH c AS (
         SELECT f.id FROM effects f
          WHERE f.tenant_id = $3 AND f.status = 'pending' AND f.available_at <= $1
            AND EXISTS (SELECT 1 FROM cases r WHERE r.id = f.case_id AND ${onReleasedVersion('r', 5)}
                         OFFSET 0)
          ORDER BY f.available_at, f.id LIMIT $4 FOR UPDATE OF f SKIP LOCKED)
       UPDATE effects e SET available_at = $2, attempts = e.attempts + 1
         FROM c, cases k WHERE e.id = c.id AND k.id = e.case_id AND k.tenant_id = e.tenant_id
       RETURNING e.id, e.case_id, k.reference, e.payload, e.attempts, k.template_id, k.template_version`,
      [t.now, t.leaseUntil, scope.tenantId, t.limit, released.ids, released.versions],
    );
    // A bare UPDATE ... RETURNING comes back from the driver as [rows, count].
    return (Array.isArray(rows[0]) ? rows[0] : rows) as ClaimedEmail[];
  }

  /** Marks the council's sent emails done, in one statement. */
  async markSent(scope: TenantScope, q: Queryable, ids: string[], at: Date): Promise<void> {
    await q.query(
      `UPDATE effects SET status = 'done', done_at = $2, last_error = NULL
        WHERE id = ANY($1::uuid[]) AND tenant_id = $3 AND status <> 'done'`,
      [ids, at, scope.tenantId],
    );
  }

  /**
   * Records a failed send while the claim is still the one it was sent under (the attempts it was
   * claimed with): failed for good, or pending again from `retryAt`.
   */
  async markFailed(
    scope: TenantScope,
    q: Queryable,
    t: { id: string; attempts: number; permanent: boolean; error: string; retryAt: Date },
  ): Promise<void> {
    await q.query(
      `UPDATE effects SET status = $2, last_error = $3, available_at = $4
        WHERE id = $1 AND tenant_id = $6 AND status = 'pending' AND attempts = $5`,
      [t.id, t.permanent ? 'failed' : 'pending', t.error, t.retryAt, t.attempts, scope.tenantId],
    );
  }
}
