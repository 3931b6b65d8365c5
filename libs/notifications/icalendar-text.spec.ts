import { createEvents } from 'ics';
import { icalendarText, type AllDayEvent } from './icalendar-text.service';

const at = new Date('2026-12-06T20:45:07.123Z');
const calendar = { productId: 'ratify', calName: 'Ratify', timestamp: at };

/** What the `ics` package, which wrote the feeds before, writes for the same events. */
function asIcsWroteIt(events: AllDayEvent[]): string {
  const { error, value } = createEvents(
    events.map((e) => ({ ...e, timestamp: at.getTime() })),
    { productId: 'ratify', calName: 'Ratify' },
  );
  if (error || !value) throw error ?? new Error('no calendar');
  return value;
}

const longWords =
  'The decision-maker’s “agreement” deadline of Better Care Fund plan 2026–27, Southampton; ' +
  'a line long enough to be folded twice over, with commas, semicolons; and a back\\slash. 😀 ' +
  'Ŵyn Llŷr’s café – Zoë’s naïve résumé – falls at the end of Monday 7 December 2026.';

const events: AllDayEvent[] = [
  {
    uid: 'deadline-5d1d3f0e-0d8a-4c53-9a5c-3c1f2a1b7e11@ratify',
    title: 'Deadline: submission – Better Care Fund plan 2026–27 (BCF-2026-0001)',
    description: `The submission deadline of “Better Care Fund plan 2026–27” falls at the end of 7 December 2026. Case reference BCF-2026-0001.`,
    url: 'https://ratify.example/cases/by-reference/BCF-2026-0001',
    start: [2026, 12, 7],
    end: [2026, 12, 8],
  },
  {
    uid: 'meeting-0e5b@ratify',
    title: 'Health and Wellbeing Board, 9 January 2027',
    description:
      'Agenda:\n1. Minutes; matters arising\n2. An item to be taken in private (Part 2)\n3. BCF, Q3',
    start: [2027, 1, 9],
    end: [2027, 1, 10],
  },
  {
    uid: 'request-1@ratify',
    title: longWords,
    description: `${longWords}\r\n${longWords}`,
    url: 'https://ratify.example/cases/by-reference/JCB-2026-0042',
    start: [2027, 2, 28],
    end: [2027, 3, 1],
  },
];

describe('the calendar feeds’ iCalendar text', () => {
  it('is what the ics package wrote for the same events, byte for byte', () => {
    expect(icalendarText(events, calendar)).toBe(asIcsWroteIt(events));
  });

  it('is what the ics package wrote for each event alone, long lines folded alike', () => {
    for (const e of events) expect(icalendarText([e], calendar)).toBe(asIcsWroteIt([e]));
  });

  it('is what the ics package wrote for a calendar with no events', () => {
    expect(icalendarText([], calendar)).toBe(asIcsWroteIt([]));
  });
});
