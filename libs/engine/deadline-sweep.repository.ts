import { Injectable } from '@nestjs/common';
import type { AcrossCouncils } from '../core/across-councils';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import { onReleasedVersion, type ReleasedVersions } from '../workflows/template.registry';
import type { DueInCouncil, DueOnVersion } from '../workflows/newer-build-versions.service';

/** A due row as claimed. */
export interface DueRow {
  id: string;
  tenant_id: string;
  case_id: string;
  key: string;
  armed_at_version: number;
  event: { type: string } & Record<string, unknown>;
}

/** A row as a batch claims it, with what its case and its key were at the claim. */
export interface ClaimedRow extends DueRow {
  /** The case's version when the row was claimed. */
  case_version: number;
  /** The key was armed again after this row (at a later version of the case). */
  superseded: boolean;
}

/** How a settled row ends: fired, stale (never to fire) or suspended (its case is paused). */
export type Settled = 'fired' | 'stale' | 'suspended';

/**
 * The deadline sweep's SQL (deadline-sweep.service.ts): the councils with rows due, found across
 * councils (the sweep then works bound to each in turn), and each council's rows claimed (FOR
 * UPDATE SKIP LOCKED), looked at again and settled, each kept to the scope's council by its own
 * clause, row-level security aside (ADR 0015).
 */
@Injectable()
export class DeadlineSweepRepository {
  /** The pending rows due by `now`, counted by council (nothing read of their cases). */
  async dueByCouncil(
    _sweep: AcrossCouncils<'sweep'>,
    q: Queryable,
    now: Date,
  ): Promise<DueInCouncil[]> {
    return q.query(
      `SELECT tenant_id, count(*)::int AS due FROM deadlines
        WHERE status = 'pending' AND due_at <= $1 GROUP BY tenant_id`,
      [now],
    );
  }

  /**
   * The council's pending rows due by `now` whose cases run on a version not in `released`,
   * counted by version: what the sweep's claims left to a newer build.
   *
   * Each due case is looked up by its key (OFFSET 0 keeps the planner from joining otherwise): it
   * takes pending rows due by now to be many (it cannot know most past rows are settled), so a plain
   * join scanned every case (EXPLAIN ANALYZE, 100,000 cases: 140 to 350 ms with two parallel
   * workers, nothing or 10,000 due; this way 0.1 ms with none due, 2 ms with 300).
   */
  async dueOnVersionsNotIn(
    scope: TenantScope,
    q: Queryable,
    now: Date,
    released: ReleasedVersions,
  ): Promise<DueOnVersion[]> {
    return q.query(
      `SELECT d.tenant_id, c.template_id, c.template_version, sum(d.due)::int AS due
         FROM (SELECT tenant_id, case_id, count(*) AS due FROM deadlines
                WHERE tenant_id = $2 AND status = 'pending' AND due_at <= $1
                GROUP BY tenant_id, case_id) d
        CROSS JOIN LATERAL (SELECT template_id, template_version FROM cases
                             WHERE id = d.case_id OFFSET 0) c
        WHERE NOT ${onReleasedVersion('c', 3)}
        GROUP BY d.tenant_id, c.template_id, c.template_version`,
      [now, scope.tenantId, released.ids, released.versions],
    );
  }

  /**
   * Claims the council's `limit` most overdue pending rows whose cases run on a `released`
   * version, each with its case's version: the others are left to a build that has theirs, and
   * never stand in the way of these.
   */
  async claimBatch(
    scope: TenantScope,
    q: Queryable,
    now: Date,
    limit: number,
    released: ReleasedVersions,
  ): Promise<ClaimedRow[]> {
    return q.query(
      `SELECT d.id, d.tenant_id, d.case_id, d.key, d.armed_at_version, d.event,
                  c.version AS case_version,
                  EXISTS (SELECT 1 FROM deadlines n WHERE n.case_id = d.case_id AND n.key = d.key
                           AND n.armed_at_version > d.armed_at_version) AS superseded
             FROM deadlines d JOIN cases c ON c.id = d.case_id
            WHERE d.tenant_id = $2 AND d.status = 'pending' AND d.due_at <= $1 AND ${onReleasedVersion('c', 4)}
            ORDER BY d.due_at, d.id LIMIT $3 FOR UPDATE OF d SKIP LOCKED`,
      [now, scope.tenantId, limit, released.ids, released.versions],
    );
  }

  /**
   * Claims the council's most overdue pending row of a `released` version, if there is one; its
   * case looked up by its key (OFFSET 0 keeps the EXISTS from becoming a join over every case).
   */
  async claimOne(
    scope: TenantScope,
    q: Queryable,
    now: Date,
    released: ReleasedVersions,
  ): Promise<DueRow | undefined> {
    const [row]: DueRow[] = await q.query(
      `SELECT d.id, d.tenant_id, d.case_id, d.key, d.armed_at_version, d.event FROM deadlines d
        WHERE d.tenant_id = $2 AND d.status = 'pending' AND d.due_at <= $1
          AND EXISTS (SELECT 1 FROM cases c WHERE c.id = d.case_id AND ${onReleasedVersion('c', 3)} OFFSET 0)
        ORDER BY d.due_at, d.id LIMIT 1 FOR UPDATE OF d SKIP LOCKED`,
      [now, scope.tenantId, released.ids, released.versions],
    );
    return row;
  }

  /** A claimed row as it stands now: still pending, and armed again since; undefined when not found. */
  async standing(
    scope: TenantScope,
    q: Queryable,
    id: string,
  ): Promise<{ pending: boolean; superseded: boolean } | undefined> {
    const [now]: { pending: boolean; superseded: boolean }[] = await q.query(
      `SELECT d.status = 'pending' AS pending,
              EXISTS (SELECT 1 FROM deadlines n WHERE n.case_id = d.case_id AND n.key = d.key
                       AND n.armed_at_version > d.armed_at_version) AS superseded
         FROM deadlines d WHERE d.id = $1 AND d.tenant_id = $2`,
      [id, scope.tenantId],
    );
    return now;
  }

  /** Locks a case as the engine's write of it would (FOR NO KEY UPDATE): held to the commit. */
  async holdCase(scope: TenantScope, q: Queryable, caseId: string): Promise<void> {
    await q.query(`SELECT 1 FROM cases WHERE tenant_id = $1 AND id = $2 FOR NO KEY UPDATE`, [
      scope.tenantId,
      caseId,
    ]);
  }

  /** Settles a batch's rows still pending, in one statement: a suspended row keeps its settled_at. */
  async settleBatch(
    scope: TenantScope,
    q: Queryable,
    settled: { id: string; status: Settled }[],
    now: Date,
  ): Promise<void> {
    await q.query(
      `UPDATE deadlines d SET status = s.status,
                  settled_at = CASE WHEN s.status = 'suspended' THEN d.settled_at ELSE $3::timestamptz END
             FROM unnest($1::uuid[], $2::text[]) AS s(id, status)
            WHERE d.id = s.id AND d.status = 'pending' AND d.tenant_id = $4`,
      [settled.map((x) => x.id), settled.map((x) => x.status), now, scope.tenantId],
    );
  }

  /** Settles one row: fired or stale at `now`; suspended without a settling time. */
  async settle(
    scope: TenantScope,
    q: Queryable,
    id: string,
    status: Settled,
    now: Date,
  ): Promise<void> {
    if (status === 'suspended')
      await q.query(`UPDATE deadlines SET status = 'suspended' WHERE id = $1 AND tenant_id = $2`, [
        id,
        scope.tenantId,
      ]);
    else
      await q.query(
        'UPDATE deadlines SET status = $2, settled_at = $3 WHERE id = $1 AND tenant_id = $4',
        [id, status, now, scope.tenantId],
      );
  }
}
