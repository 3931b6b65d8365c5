import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AcrossCouncils } from '../core/across-councils';
import { acrossTenants } from '../core/tenant-context.service';
import type { TenantScope } from '../core/tenant-scope';

/** At most this many of each kind of event in a feed, soonest first (issue #21). */
export const FEED_MAX = 500;

export interface FeedDeadlineRow {
  id: string;
  key: string;
  case_id: string;
  reference: string;
  due_at: Date;
  title: string;
  template_id: string;
  template_version: number;
}

export interface FeedMeetingRow {
  id: string;
  title: string;
  meeting_date: string;
  items: { title: string; private: boolean }[];
}

export interface FeedRequestRow {
  id: string;
  request: string;
  role: string;
  case_id: string;
  reference: string;
  title: string;
  template_id: string;
  template_version: number;
  snapshot: { context: unknown };
}

const MEETINGS = `SELECT m.id, m.title, m.meeting_date::text AS meeting_date,
    COALESCE((SELECT jsonb_agg(jsonb_build_object('title', a.title, 'private', a.part2_reasons IS NOT NULL)
                               ORDER BY a.position)
                FROM agenda_items a WHERE a.meeting_id = m.id AND a.tenant_id = m.tenant_id), '[]') AS items
  FROM meetings m`;

/**
 * Whom a pending deadline concerns (kept by triggers, migration 1796440700000): a feed's deadlines
 * are one range of its btree, uuid and text equality, which row-level security lets an index
 * answer; the deadline's own status is asked again, so a row the triggers missed shows nothing.
 */
const CONCERNED = `FROM deadline_concerns k
    JOIN deadlines d ON d.tenant_id = k.tenant_id AND d.id = k.deadline_id
                    AND d.status = 'pending' AND d.kind = 'deadline'
    JOIN cases c ON c.tenant_id = d.tenant_id AND c.id = d.case_id`;

/**
 * The calendar feeds' SQL (calendar-feed.service.ts): a person's open requests, the deadlines of
 * the cases waiting for them and their bodies' meetings; a body's cases' deadlines and meetings.
 * Every read keeps to the scope's council by its own clause, row-level security aside.
 */
@Injectable()
export class CalendarFeedRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The council of the person or body a feed is for, and nothing else of it: a feed's address
   * names no council, so it is found across councils before the feed is read (ADR 0015).
   */
  async councilOf(
    _lookUp: AcrossCouncils<'council look-up'>,
    table: 'people' | 'bodies',
    id: string,
  ): Promise<string | null> {
    const rows: { tenant_id: string }[] = await acrossTenants(() =>
      this.ds.query(`SELECT tenant_id FROM ${table} WHERE id = $1`, [id]),
    );
    return rows[0]?.tenant_id ?? null;
  }

  /** The person's open requests (one-time links), oldest first. */
  async openRequestsOf(scope: TenantScope, personId: string): Promise<FeedRequestRow[]> {
    return this.ds.query(
      `SELECT l.id, l.request, l.role, l.case_id, c.reference, c.title, c.template_id, c.template_version, c.snapshot
           FROM action_links l JOIN cases c ON c.id = l.case_id AND c.tenant_id = l.tenant_id
          WHERE l.tenant_id = $1 AND l.person_id = $2 AND l.status = 'open'
          ORDER BY l.created_at LIMIT ${FEED_MAX}`,
      [scope.tenantId, personId],
    );
  }

  /**
   * The pending deadlines, due before `until`, of the cases waiting for the person: a range of
   * deadline_concerns (migration 1796440700000), soonest first, each deadline and case by its key.
   */
  async deadlinesAwaiting(
    scope: TenantScope,
    personId: string,
    until: Date,
  ): Promise<FeedDeadlineRow[]> {
    return this.ds.query(
      `SELECT d.id, d.key, d.case_id, d.due_at, c.reference, c.title, c.template_id, c.template_version
         ${CONCERNED} WHERE k.tenant_id = $1 AND k.concerns = 'person' AND k.subject_id = $2 AND k.due_at < $3
        ORDER BY k.due_at, k.deadline_id LIMIT ${FEED_MAX}`,
      [scope.tenantId, personId, until],
    );
  }

  /** The meetings, from `from` to `to`, of the bodies the person sits on on the meeting's date. */
  async meetingsOfMember(
    scope: TenantScope,
    personId: string,
    from: string,
    to: string,
  ): Promise<FeedMeetingRow[]> {
    return this.ds.query(
      `${MEETINGS} WHERE m.tenant_id = $1 AND EXISTS (
         SELECT 1 FROM memberships ms
          WHERE ms.tenant_id = m.tenant_id AND ms.body_id = m.body_id AND ms.person_id = $2
            AND ms.valid_from <= m.meeting_date AND (ms.valid_until IS NULL OR ms.valid_until >= m.meeting_date))
         AND m.meeting_date BETWEEN $3::date AND $4::date
       ORDER BY m.meeting_date LIMIT ${FEED_MAX}`,
      [scope.tenantId, personId, from, to],
    );
  }

  /**
   * The pending deadlines, due before `until`, of the body's cases: those in which a role is filled
   * under a delegation from the body (deadline_concerns, as above); with each case's context, for
   * the read policy.
   */
  async deadlinesOfBody(
    scope: TenantScope,
    bodyId: string,
    until: Date,
  ): Promise<(FeedDeadlineRow & { context: unknown })[]> {
    return this.ds.query(
      `SELECT d.id, d.key, d.case_id, d.due_at, c.reference, c.title, c.template_id, c.template_version,
                c.snapshot->'context' AS context
         ${CONCERNED} WHERE k.tenant_id = $1 AND k.concerns = 'body' AND k.subject_id = $2 AND k.due_at < $3
        ORDER BY k.due_at, k.deadline_id LIMIT ${FEED_MAX}`,
      [scope.tenantId, bodyId, until],
    );
  }

  /** The body's meetings from `from` to `to`. */
  async meetingsOfBody(
    scope: TenantScope,
    bodyId: string,
    from: string,
    to: string,
  ): Promise<FeedMeetingRow[]> {
    return this.ds.query(
      `${MEETINGS} WHERE m.tenant_id = $1 AND m.body_id = $2 AND m.meeting_date BETWEEN $3::date AND $4::date
        ORDER BY m.meeting_date LIMIT ${FEED_MAX}`,
      [scope.tenantId, bodyId, from, to],
    );
  }
}
