import type { EntityManager } from 'typeorm';
import type { TenantScope } from '../core/tenant-scope';
import type { BodyRules } from '../governance/body-rules.schema';
import { storedBodyRules } from './body.repository';
import type { DirectoryActor } from './directory-change.repository';

/** One set of a body's rules and the day it took effect (null: from when the body was set up). */
export interface BodyRulesEntry {
  inForceFrom: string | null;
  rules: BodyRules | null;
  reason: string | null;
  recordedAt: string;
  recordedBy: DirectoryActor;
}

/**
 * The SQL of `body_rules`: a body's rules with the days they took effect. The rules in force on a
 * day are those of the latest change on or before it, else the body's first rules (undated: from
 * when it was set up). `bodies.rules` is a copy of the latest of them (by the day each takes
 * effect), and `record` is its one writer (body-rules-writer.spec.ts keeps it so): nothing else
 * writes that column, so the copy cannot drift from the history. Every method reads and writes the
 * council its scope names and no other (ADR 0015).
 */
export class BodyRulesRepository {
  /** Every change of the body's rules, the first rules first, then by the day each took effect. */
  async history(scope: TenantScope, m: EntityManager, bodyId: string): Promise<BodyRulesEntry[]> {
    const rows: {
      inForceFrom: string | null;
      rules: unknown;
      reason: string | null;
      recordedAt: Date;
      recordedBy: DirectoryActor;
    }[] = await m.query(
      `SELECT to_char(in_force_from, 'YYYY-MM-DD') AS "inForceFrom", rules, reason,
              recorded_at AS "recordedAt", recorded_by AS "recordedBy"
         FROM body_rules WHERE tenant_id = $1 AND body_id = $2
        ORDER BY in_force_from NULLS FIRST`,
      [scope.tenantId, bodyId],
    );
    return rows.map((r) => ({
      ...r,
      rules: storedBodyRules(r.rules),
      recordedAt: r.recordedAt.toISOString(),
    }));
  }

  /**
   * Records the body's rules from `inForceFrom` (null: its first rules), and copies the latest of
   * the body's rules to `bodies.rules` in the same statement. A change recorded for a day that
   * already has one replaces it (the change chain keeps both).
   */
  async record(
    scope: TenantScope,
    m: EntityManager,
    bodyId: string,
    e: {
      inForceFrom: string | null;
      rules: BodyRules;
      reason: string | null;
      at: Date;
      by: DirectoryActor;
    },
  ): Promise<void> {
    const conflict =
      e.inForceFrom === null
        ? '("tenant_id", "body_id") WHERE in_force_from IS NULL'
        : '("tenant_id", "body_id", "in_force_from")';
    await m.query(
      `INSERT INTO body_rules (tenant_id, body_id, in_force_from, rules, reason, recorded_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT ${conflict} DO UPDATE
         SET rules = EXCLUDED.rules, reason = EXCLUDED.reason,
             recorded_at = EXCLUDED.recorded_at, recorded_by = EXCLUDED.recorded_by`,
      [
        scope.tenantId,
        bodyId,
        e.inForceFrom,
        JSON.stringify(e.rules),
        e.reason,
        e.at,
        JSON.stringify(e.by),
      ],
    );
    await this.keepLatest(scope, m, bodyId);
  }

  /**
   * `bodies.rules` as the latest of the body's rules: the statement after every `record`, and in
   * its transaction (a data-modifying CTE would not see the row just written).
   */
  private async keepLatest(scope: TenantScope, m: EntityManager, bodyId: string): Promise<void> {
    await m.query(
      `UPDATE bodies SET rules = (SELECT r.rules FROM body_rules r
                                  WHERE r.tenant_id = $1 AND r.body_id = $2
                                  ORDER BY r.in_force_from DESC NULLS LAST LIMIT 1)
        WHERE tenant_id = $1 AND id = $2`,
      [scope.tenantId, bodyId],
    );
  }

  /**
   * The day the latest of each body's rules takes effect (null: its first rules, undated), for
   * the export: a file says which rules and from when.
   */
  async latestDays(scope: TenantScope, m: EntityManager): Promise<Map<string, string | null>> {
    const rows: { bodyId: string; day: string | null }[] = await m.query(
      `SELECT DISTINCT ON (body_id) body_id AS "bodyId", to_char(in_force_from, 'YYYY-MM-DD') AS day
         FROM body_rules WHERE tenant_id = $1
        ORDER BY body_id, in_force_from DESC NULLS LAST`,
      [scope.tenantId],
    );
    return new Map(rows.map((r) => [r.bodyId, r.day]));
  }

  /** Whether the body has any rules on record. */
  async any(scope: TenantScope, m: EntityManager, bodyId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      'SELECT 1 FROM body_rules WHERE tenant_id = $1 AND body_id = $2 LIMIT 1',
      [scope.tenantId, bodyId],
    );
    return rows.length > 0;
  }

  /**
   * The last day from `from` to `to` (both included) on which the body met, if it did: a meeting
   * held is judged by the rules in force on its day, so no change may take effect under it.
   */
  async lastMeetingBetween(
    scope: TenantScope,
    m: EntityManager,
    bodyId: string,
    from: string,
    to: string,
  ): Promise<string | null> {
    const [row]: { day: string | null }[] = await m.query(
      `SELECT to_char(max(meeting_date), 'YYYY-MM-DD') AS day FROM meetings
        WHERE tenant_id = $1 AND body_id = $2 AND meeting_date >= $3::date AND meeting_date <= $4::date`,
      [scope.tenantId, bodyId, from, to],
    );
    return row?.day ?? null;
  }
}
