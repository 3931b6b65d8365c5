import { Inject, Injectable } from '@nestjs/common';
import { createEvents, type EventAttributes } from 'ics';
import { timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CaseReadPolicy, WITHHELD_EXEMPT } from '../engine/case-read-policy.service';
import { Clock } from '../core/clock.service';
import { SETTINGS, type Settings } from '../config/settings.service';
import { acrossTenants, NO_COUNCIL, withTenant } from '../core/tenant-context.service';
import { addDays, londonDate } from '../governance/working-day-calendar.service';
import { LinkTokens } from '../links/link-token.service';
import { findTemplate } from '../workflows/template.registry';
import { inWords } from '../workflows/workflow-steps.service';
import { deadlineWords } from '../workflows/template-emails';
import { dateInWords } from './email-message.service';

const dateParts = (d: string): [number, number, number] => {
  const [y, m, day] = d.split('-').map(Number);
  return [y, m, day];
};
/** An all-day event on `day`: calendars end it, exclusively, on the next day. */
const allDay = (day: string) => ({ start: dateParts(day), end: dateParts(addDays(day, 1)) });

/**
 * What a calendar needs: open requests, deadlines not yet passed or settled, and meetings from a
 * month ago to a year ahead; at most FEED_MAX of each, soonest first. Unbounded, a body's feed at
 * 100,000 cases was 13-20 MB and took 22-38 s (issue #21).
 */
export const FEED_WINDOW = { pastDays: 31, aheadDays: 400 } as const;
export const FEED_MAX = 500;

interface DeadlineRow {
  id: string;
  key: string;
  reference: string;
  due_at: Date;
  title: string;
  template_id: string;
  template_version: number;
}

interface MeetingRow {
  id: string;
  title: string;
  meeting_date: string;
  items: { title: string; private: boolean }[];
}

const MEETINGS = `SELECT m.id, m.title, m.meeting_date::text AS meeting_date,
    COALESCE((SELECT jsonb_agg(jsonb_build_object('title', a.title, 'private', a.part2_reasons IS NOT NULL)
                               ORDER BY a.position)
                FROM agenda_items a WHERE a.meeting_id = m.id AND a.tenant_id = m.tenant_id), '[]') AS items
  FROM meetings m`;

/**
 * Calendar feeds (ICS): a person's open requests, the deadlines of the cases waiting for them and
 * the meetings of the bodies they sit on; a body's meetings and its cases' deadlines. Calendar
 * clients cannot sign in, so the address carries a token derived from the subject with the
 * server's secret.
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly tokens: LinkTokens,
    @Inject(SETTINGS) private readonly settings: Pick<Settings, 'PUBLIC_ORIGIN'>,
  ) {}

  /**
   * What names a case in an event: its reference in words after the title, and the address emails
   * give (/cases/by-reference/<reference>, docs/adr/0038), from the configured public origin.
   */
  private caseOf(reference: string) {
    return {
      words: `Case reference ${reference}.`,
      url: new URL(`/cases/by-reference/${reference}`, this.settings.PUBLIC_ORIGIN).toString(),
    };
  }

  feedPath(kind: 'people' | 'bodies', id: string): string {
    return this.tokens.feedPath(kind, id);
  }

  tokenOk(kind: 'people' | 'bodies', id: string, token: string | undefined): boolean {
    const expected = Buffer.from(this.tokens.feedTokenFor(`${kind}:${id}`));
    const given = Buffer.from(token ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** The feed's window: the first and last London day, and the last moment, it covers. */
  private window(): { from: string; to: string; until: Date } {
    const today = londonDate(this.clock.now());
    const to = addDays(today, FEED_WINDOW.aheadDays);
    return {
      from: addDays(today, -FEED_WINDOW.pastDays),
      to,
      until: new Date(`${addDays(to, 1)}T00:00:00Z`),
    };
  }

  /**
   * The council of the person or body a feed is for, and nothing else of it: a feed's address
   * names no council, so it is found across councils and the feed read bound to it (ADR 0015).
   */
  private async councilOf(table: 'people' | 'bodies', id: string): Promise<string> {
    const rows: { tenant_id: string }[] = await acrossTenants(() =>
      this.ds.query(`SELECT tenant_id FROM ${table} WHERE id = $1`, [id]),
    );
    return rows[0]?.tenant_id ?? NO_COUNCIL;
  }

  async personFeed(personId: string): Promise<string> {
    const council = await this.councilOf('people', personId);
    return withTenant(council, () => this.personFeedBound(personId));
  }

  async bodyFeed(bodyId: string): Promise<string> {
    const council = await this.councilOf('bodies', bodyId);
    return withTenant(council, () => this.bodyFeedBound(bodyId));
  }

  private async personFeedBound(personId: string): Promise<string> {
    const w = this.window();
    const links: {
      id: string;
      request: string;
      role: string;
      case_id: string;
      reference: string;
      title: string;
      template_id: string;
      template_version: number;
      snapshot: { context: unknown };
    }[] = await this.ds.query(
      `SELECT l.id, l.request, l.role, l.case_id, c.reference, c.title, c.template_id, c.template_version, c.snapshot
           FROM action_links l JOIN cases c ON c.id = l.case_id
          WHERE l.person_id = $1 AND l.status = 'open' ORDER BY l.created_at LIMIT ${FEED_MAX}`,
      [personId],
    );
    const events: EventAttributes[] = [];
    for (const l of links) {
      const t = findTemplate(l.template_id, l.template_version);
      const due = t?.deadlineFor(l.request, l.snapshot.context);
      if (!due) continue;
      const c = this.caseOf(l.reference);
      events.push({
        uid: `request-${l.id}@ratify`,
        title: `Respond: ${l.title} (${l.reference})`,
        description: `You are asked to respond${t?.roles[l.role] ? ` as ${t.roles[l.role].label}` : ''} by ${dateInWords(due)}. Use the link in your email; it is not repeated here. ${c.words}`,
        url: c.url,
        ...allDay(due),
      });
    }
    const deadlines = await this.ds.query(
      `SELECT d.id, d.key, d.due_at, c.reference, c.title, c.template_id, c.template_version
         FROM deadlines d JOIN cases c ON c.id = d.case_id
        WHERE $1::uuid = ANY(c.awaiting_person_ids) AND d.status = 'pending' AND d.kind = 'deadline'
          AND d.due_at < $2 ORDER BY d.due_at LIMIT ${FEED_MAX}`,
      [personId, w.until],
    );
    // The meetings of the bodies the person sits on, on the meeting's date.
    const meetings: MeetingRow[] = await this.ds.query(
      `${MEETINGS} WHERE EXISTS (
         SELECT 1 FROM memberships ms
          WHERE ms.tenant_id = m.tenant_id AND ms.body_id = m.body_id AND ms.person_id = $1
            AND ms.valid_from <= m.meeting_date AND (ms.valid_until IS NULL OR ms.valid_until >= m.meeting_date))
         AND m.meeting_date BETWEEN $2::date AND $3::date
       ORDER BY m.meeting_date LIMIT ${FEED_MAX}`,
      [personId, w.from, w.to],
    );
    return this.ics([
      ...events,
      ...this.deadlineEvents(deadlines),
      ...this.meetingEvents(meetings),
    ]);
  }

  private async bodyFeedBound(bodyId: string): Promise<string> {
    const w = this.window();
    // A body's cases: those in which a role is filled under a delegation from the body. Whoever
    // has the body's address reads its feed: a private (Part 2) case is not named (read policy);
    // its reference, a number that says nothing of it, stays, for staff to find it by.
    const rows: (DeadlineRow & { context: unknown })[] = await this.ds.query(
      `SELECT d.id, d.key, d.due_at, c.reference, c.title, c.template_id, c.template_version,
                c.snapshot->'context' AS context FROM deadlines d JOIN cases c ON c.id = d.case_id
        WHERE d.status = 'pending' AND d.kind = 'deadline' AND EXISTS (
          SELECT 1 FROM jsonb_each(c.roles) r JOIN delegations g ON g.id::text = r.value->>'delegationId'
           WHERE g.delegator_body_id = $1)
          AND d.due_at < $2
        ORDER BY d.due_at LIMIT ${FEED_MAX}`,
      [bodyId, w.until],
    );
    const deadlines = rows.map((r) => ({
      ...r,
      title: CaseReadPolicy.isExempt(r.context) ? WITHHELD_EXEMPT : r.title,
    }));
    const meetings: MeetingRow[] = await this.ds.query(
      `${MEETINGS} WHERE m.body_id = $1 AND m.meeting_date BETWEEN $2::date AND $3::date
        ORDER BY m.meeting_date LIMIT ${FEED_MAX}`,
      [bodyId, w.from, w.to],
    );
    return this.ics([...this.deadlineEvents(deadlines), ...this.meetingEvents(meetings)]);
  }

  /** A meeting as an all-day event, its agenda in the description; a Part 2 item is not named. */
  private meetingEvents(rows: MeetingRow[]): EventAttributes[] {
    return rows.map((m) => ({
      uid: `meeting-${m.id}@ratify`,
      title: m.title,
      description: m.items.length
        ? `Agenda:\n${m.items
            .map(
              (i, n) =>
                `${n + 1}. ${i.private ? 'An item to be taken in private (Part 2)' : i.title}`,
            )
            .join('\n')}`
        : 'No agenda items yet.',
      ...allDay(m.meeting_date),
    }));
  }

  /** A deadline in the words its template gives it (never its key), on its day, with its date. */
  private deadlineEvents(rows: DeadlineRow[]): EventAttributes[] {
    return rows.map((d) => {
      // A deadline falls at the end of its day in London: the event is that (previous) day.
      const day = londonDate(new Date(d.due_at.getTime() - 1));
      const t = findTemplate(d.template_id, d.template_version);
      const words = t ? deadlineWords(t, d.key) : inWords(d.key);
      const c = this.caseOf(d.reference);
      return {
        uid: `deadline-${d.id}@ratify`,
        title: `Deadline: ${words} – ${d.title} (${d.reference})`,
        description: `The ${words} deadline of “${d.title}” falls at the end of ${dateInWords(day)}. ${c.words}`,
        url: c.url,
        ...allDay(day),
      };
    });
  }

  private ics(events: EventAttributes[]): string {
    const stamp = this.clock.now().getTime();
    const { error, value } = createEvents(
      events.map((e) => ({ ...e, timestamp: stamp })),
      { productId: 'ratify', calName: 'Ratify' },
    );
    if (error || !value) throw error ?? new Error('calendar could not be written');
    return value;
  }
}
