import { dayInWords, whenInWords } from './dates-in-words.service';

describe('dates in words', () => {
  it('writes a moment in London time, in winter and in summer', () => {
    expect(whenInWords('2026-12-03T21:04:00Z')).toBe('3 December 2026 at 9:04pm');
    expect(whenInWords('2026-07-01T08:30:00Z')).toBe('1 July 2026 at 9:30am');
  });
  it('writes a calendar date with its weekday and leaves other text alone', () => {
    expect(dayInWords('2026-12-17')).toBe('Thursday 17 December 2026');
    expect(dayInWords('next week')).toBe('next week');
  });
});
