import { endOfLondonDay } from '../../../../libs/governance/working-day-calendar.service';
import {
  datesInWords,
  dayInWords,
  deadlineInWords,
  lastTimeInWords,
  whenInWords,
} from './words.service';

describe('dates and times in people’s words', () => {
  it('writes a day in words, or what to say when there is none', () => {
    expect(dayInWords('2026-03-02')).toBe('Monday 2 March 2026');
    expect(dayInWords(null, 'Not recorded')).toBe('Not recorded');
  });

  it('writes an instant on London’s clock, in summer time too', () => {
    expect(whenInWords(new Date('2026-01-15T21:04:00Z'))).toBe(
      'Thursday 15 January 2026 at 9:04pm',
    );
    expect(whenInWords('2026-07-01T08:30:00Z')).toBe('Wednesday 1 July 2026 at 9:30am');
    // Midnight in London on 1 July 2026 is still 30 June in UTC.
    expect(whenInWords('2026-06-30T23:15:00Z')).toBe('Wednesday 1 July 2026 at 12:15am');
  });

  it('names a deadline by its own last day on the days the clocks change and either side', () => {
    // Days around the last Sundays of March and October 2026: a 23-hour and a 25-hour day.
    for (const [day, words] of [
      ['2026-03-28', 'Saturday 28 March 2026'],
      ['2026-03-29', 'Sunday 29 March 2026'],
      ['2026-03-30', 'Monday 30 March 2026'],
      ['2026-10-24', 'Saturday 24 October 2026'],
      ['2026-10-25', 'Sunday 25 October 2026'],
      ['2026-10-26', 'Monday 26 October 2026'],
    ]) {
      expect(deadlineInWords(endOfLondonDay(day))).toBe(`by the end of ${words}`);
      expect(deadlineInWords(endOfLondonDay(day).toISOString())).toBe(`by the end of ${words}`);
    }
  });

  it('says today and yesterday as people do', () => {
    const now = new Date('2026-03-02T10:00:00Z');
    expect(lastTimeInWords(new Date('2026-03-02T09:05:00Z'), now)).toBe('Today at 9:05am');
    expect(lastTimeInWords(new Date('2026-03-01T13:00:00Z'), now)).toBe('Yesterday at 1:00pm');
    expect(lastTimeInWords(new Date('2026-02-01T13:00:00Z'), now)).toBe(
      'Sunday 1 February 2026 at 1:00pm',
    );
    expect(lastTimeInWords(null, now)).toBe('Never');
  });

  it('puts a use case’s dates in words', () => {
    expect(datesInWords('the last day (2026-03-01) is before the first (2026-03-02)')).toBe(
      'the last day (Sunday 1 March 2026) is before the first (Monday 2 March 2026)',
    );
  });

  it('leaves a date-like run that is no day as it was, instead of failing the page or naming another day', () => {
    expect(datesInWords('order 2026-13-01 placed')).toBe('order 2026-13-01 placed');
    expect(datesInWords('due 2026-02-30')).toBe('due 2026-02-30');
    expect(dayInWords('2026-02-30', 'Not recorded')).toBe('Not recorded');
  });

  it('leaves a code holding a date as it was, and text without dates untouched', () => {
    expect(datesInWords('Purchase order PO-2026-03-01-7')).toBe('Purchase order PO-2026-03-01-7');
    expect(datesInWords('batch 2026-03-01-2')).toBe('batch 2026-03-01-2');
    expect(datesInWords('recorded at 2026-03-01T10:00:00Z')).toBe(
      'recorded at 2026-03-01T10:00:00Z',
    );
    expect(datesInWords('£1,500,000 to Carers Together CIC')).toBe(
      '£1,500,000 to Carers Together CIC',
    );
    expect(datesInWords('Decided on 2026-03-01.')).toBe('Decided on Sunday 1 March 2026.');
  });
});
