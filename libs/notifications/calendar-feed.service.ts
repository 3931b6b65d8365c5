import { Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { CaseReadPolicy, WITHHELD_EXEMPT } from '../engine/case-read-policy.service';
import { Clock } from '../core/clock.service';
import { SETTINGS, type Settings } from '../config/settings.service';
import { acrossCouncils } from '../core/across-councils';
import { NO_COUNCIL, withTenant } from '../core/tenant-context.service';
import { tenantScope, type TenantScope } from '../core/tenant-scope';
import { addDays, londonDate } from '../governance/working-day-calendar.service';
import { LinkTokens } from '../links/link-token.service';
import { templateOfCase } from '../workflows/case-template.service';
import { deadlineWords } from '../workflows/template-emails';
import {
  CalendarFeedRepository,
  type FeedDeadlineRow,
  type FeedMeetingRow,
} from './calendar-feed.repository';
import { dateInWords } from './email-message.service';
import { icalendarText, type AllDayEvent } from './icalendar-text.service';

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
export { FEED_MAX } from './calendar-feed.repository';

/**
 * Calendar feeds (ICS): a person's open requests, the deadlines of the cases waiting for them and
 * the meetings of the bodies they sit on; a body's meetings and its cases' deadlines. Calendar
 * clients cannot sign in, so the address carries a token derived from the subject with the
 * server's secret.
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    private readonly feeds: CalendarFeedRepository,
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
   * A feed's address names no council: the person's or body's is found across councils and the
   * feed read bound to it and scoped to it (ADR 0015).
   */
  async personFeed(personId: string): Promise<string> {
    const council =
      (await this.feeds.councilOf(acrossCouncils('council look-up'), 'people', personId)) ??
      NO_COUNCIL;
    return withTenant(council, () => this.personFeedBound(tenantScope(council), personId));
  }

  async bodyFeed(bodyId: string): Promise<string> {
    const council =
      (await this.feeds.councilOf(acrossCouncils('council look-up'), 'bodies', bodyId)) ??
      NO_COUNCIL;
    return withTenant(council, () => this.bodyFeedBound(tenantScope(council), bodyId));
  }

  private async personFeedBound(scope: TenantScope, personId: string): Promise<string> {
    const w = this.window();
    const links = await this.feeds.openRequestsOf(scope, personId);
    const events: AllDayEvent[] = [];
    for (const l of links) {
      // A case on a version this build lacks refuses the whole feed (503, Retry-After): a
      // calendar keeps the copy it has and asks again, where a feed without the event would
      // have it taken out of the person's calendar until a newer build answers.
      const t = templateOfCase(l.case_id, l.template_id, l.template_version);
      const due = t.deadlineFor(l.request, l.snapshot.context);
      if (!due) continue;
      const c = this.caseOf(l.reference);
      events.push({
        uid: `request-${l.id}@ratify`,
        title: `Respond: ${l.title} (${l.reference})`,
        description: `You are asked to respond${t.roles[l.role] ? ` as ${t.roles[l.role].label}` : ''} by ${dateInWords(due)}. Use the link in your email; it is not repeated here. ${c.words}`,
        url: c.url,
        ...allDay(due),
      });
    }
    const deadlines = await this.feeds.deadlinesAwaiting(scope, personId, w.until);
    // The meetings of the bodies the person sits on, on the meeting's date.
    const meetings = await this.feeds.meetingsOfMember(scope, personId, w.from, w.to);
    return this.ics([
      ...events,
      ...this.deadlineEvents(deadlines),
      ...this.meetingEvents(meetings),
    ]);
  }

  private async bodyFeedBound(scope: TenantScope, bodyId: string): Promise<string> {
    const w = this.window();
    // A body's cases: those in which a role is filled under a delegation from the body. Whoever
    // has the body's address reads its feed: a private (Part 2) case is not named (read policy);
    // its reference, a number that says nothing of it, stays, for staff to find it by.
    const rows = await this.feeds.deadlinesOfBody(scope, bodyId, w.until);
    const deadlines = rows.map((r) => ({
      ...r,
      title: CaseReadPolicy.isExempt(r.context) ? WITHHELD_EXEMPT : r.title,
    }));
    const meetings = await this.feeds.meetingsOfBody(scope, bodyId, w.from, w.to);
    return this.ics([...this.deadlineEvents(deadlines), ...this.meetingEvents(meetings)]);
  }

  /** A meeting as an all-day event, its agenda in the description; a Part 2 item is not named. */
  private meetingEvents(rows: FeedMeetingRow[]): AllDayEvent[] {
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
  private deadlineEvents(rows: FeedDeadlineRow[]): AllDayEvent[] {
    // A feed's deadlines fall on a few days: each day's words are made once (Intl, issue #21).
    const days = new Map<string, { inWords: string; dates: ReturnType<typeof allDay> }>();
    return rows.map((d) => {
      // A deadline falls at the end of its day in London: the event is that (previous) day.
      const day = londonDate(new Date(d.due_at.getTime() - 1));
      let on = days.get(day);
      if (!on) days.set(day, (on = { inWords: dateInWords(day), dates: allDay(day) }));
      const words = deadlineWords(
        templateOfCase(d.case_id, d.template_id, d.template_version),
        d.key,
      );
      const c = this.caseOf(d.reference);
      return {
        uid: `deadline-${d.id}@ratify`,
        title: `Deadline: ${words} – ${d.title} (${d.reference})`,
        description: `The ${words} deadline of “${d.title}” falls at the end of ${on.inWords}. ${c.words}`,
        url: c.url,
        ...on.dates,
      };
    });
  }

  private ics(events: AllDayEvent[]): string {
    return icalendarText(events, {
      productId: 'ratify',
      calName: 'Ratify',
      timestamp: this.clock.now(),
    });
  }
}
