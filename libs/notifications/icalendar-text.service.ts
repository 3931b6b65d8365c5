/** An all-day event of a feed: the only kind the calendar feeds write. */
export interface AllDayEvent {
  uid: string;
  title: string;
  description: string;
  url?: string;
  /** The first day, and the day after the last (calendars end an all-day event exclusively). */
  start: [number, number, number];
  end: [number, number, number];
}

const CRLF = '\r\n';
const pad = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const day = ([y, m, d]: [number, number, number]) => `${y}${pad(m)}${pad(d)}`;
const stamp = (at: Date) =>
  `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}T${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}Z`;
const newLines = (s: string) => s.replace(/\r?\n/g, '\\n');
/** TEXT values (RFC 5545 3.3.11): backslash, new line, semicolon and comma escaped. */
const text = (s: string) =>
  s.replace(/\\/g, '\\\\').replace(/\r?\n/g, '\\n').replace(/;/g, '\\;').replace(/,/g, '\\,');

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * A content line folded as the `ics` package folds it: 75 characters, then 74 after each line
 * break and tab (characters, not octets). A character outside the BMP counts once; `ics` also
 * keeps an emoji's joined sequence or a combining mark with the character before it, which moves
 * where such a line breaks, never what it says once unfolded.
 */
function fold(line: string): string {
  if (line.length <= 75) return line;
  // Most lines are one UTF-16 unit a character, and are cut where they stand.
  const chars = SURROGATE.test(line) ? Array.from(line) : null;
  const length = chars ? chars.length : line.length;
  if (length <= 75) return line;
  const piece = (from: number, to: number) =>
    chars ? chars.slice(from, to).join('') : line.slice(from, to);
  let out = piece(0, 75);
  for (let i = 75; i < length; i += 74) out += `\r\n\t${piece(i, i + 74)}`;
  return out;
}

/**
 * A calendar's text (RFC 5545), written as the `ics` package wrote the feeds' calendars, byte for
 * byte (icalendar-text.spec.ts holds the two side by side), without its per-event schema check:
 * that check cost about 2 ms an event, a second for a body's 500 deadlines (issue #21). The
 * events are the feed's own, built from rows the database keeps valid.
 */
export function icalendarText(
  events: readonly AllDayEvent[],
  calendar: { productId: string; calName: string; timestamp: Date },
): string {
  const dtstamp = `DTSTAMP:${stamp(calendar.timestamp)}${CRLF}`;
  const out = [
    `BEGIN:VCALENDAR${CRLF}VERSION:2.0${CRLF}CALSCALE:GREGORIAN${CRLF}`,
    fold(`PRODID:${newLines(calendar.productId)}`) + CRLF,
    `METHOD:PUBLISH${CRLF}`,
    fold(`X-WR-CALNAME:${newLines(calendar.calName)}`) + CRLF,
    `X-PUBLISHED-TTL:PT1H${CRLF}`,
  ];
  for (const e of events) {
    out.push(
      `BEGIN:VEVENT${CRLF}`,
      fold(`UID:${newLines(e.uid)}`) + CRLF,
      e.title ? fold(`SUMMARY:${text(e.title)}`) + CRLF : '',
      dtstamp,
      `DTSTART;VALUE=DATE:${day(e.start)}${CRLF}`,
      e.end.every((v, i) => v === e.start[i]) ? '' : `DTEND;VALUE=DATE:${day(e.end)}${CRLF}`,
      e.description ? fold(`DESCRIPTION:${text(e.description)}`) + CRLF : '',
      e.url ? fold(`URL:${newLines(e.url)}`) + CRLF : '',
      `END:VEVENT${CRLF}`,
    );
  }
  out.push(`END:VCALENDAR${CRLF}`);
  return out.join('');
}
