/** An event of a served calendar: its properties by name (parameters dropped), text unescaped. */
export type CalendarEvent = Record<string, string>;

/**
 * The events of an ICS feed as a calendar client reads them (RFC 5545): folded lines joined, each
 * VEVENT's properties by name (`DTSTART;VALUE=DATE:…` is DTSTART), and text unescaped (`\,` `\;`
 * `\n` `\\`), so that a test asserts what a person sees rather than how it was written.
 */
export function calendarEvents(ics: string): CalendarEvent[] {
  const lines = ics.replace(/\r\n[ \t]/g, '').split(/\r\n/);
  const events: CalendarEvent[] = [];
  let current: CalendarEvent | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT' && current) {
      events.push(current);
      current = null;
    } else if (current) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).split(';')[0];
      current[name] = line
        .slice(colon + 1)
        .replace(/\\([,;\\nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
    }
  }
  return events;
}
