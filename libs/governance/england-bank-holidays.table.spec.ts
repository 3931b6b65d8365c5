import Holidays from 'date-holidays';
import { DEFAULT_CALENDAR_YEARS, bankHolidaysOf } from './working-day-calendar.service';
import {
  ENGLAND_BANK_HOLIDAYS_FROM,
  ENGLAND_BANK_HOLIDAYS_TO,
} from './england-bank-holidays.table';

/** What date-holidays says of a year, as the calendar asked it before the table (issue #21). */
function fromTheLibrary(year: number): [string, string][] {
  return new Holidays('GB', 'ENG')
    .getHolidays(year)
    .filter((h) => h.type === 'public')
    .map((h): [string, string] => [h.date.slice(0, 10), h.name])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('England and Wales bank holidays from the table', () => {
  it("covers the calendar's default years", () => {
    expect(ENGLAND_BANK_HOLIDAYS_FROM).toBe(DEFAULT_CALENDAR_YEARS.earliest);
    expect(ENGLAND_BANK_HOLIDAYS_TO).toBe(DEFAULT_CALENDAR_YEARS.latest);
  });

  it('gives every year what date-holidays gives (if not: node dist/tools/bank-holidays-table.js)', () => {
    for (let y = ENGLAND_BANK_HOLIDAYS_FROM; y <= ENGLAND_BANK_HOLIDAYS_TO; y++)
      expect([y, [...bankHolidaysOf(y)]]).toEqual([y, fromTheLibrary(y)]);
  });

  it('gives a year outside the table from date-holidays, loaded only then', () => {
    jest.isolateModules(() => {
      let loaded = 0;
      jest.doMock('date-holidays', () => {
        loaded++;
        return jest.requireActual('date-holidays');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh copy of the module
      const calendar = require('./working-day-calendar.service') as {
        bankHolidaysOf: typeof bankHolidaysOf;
      };
      expect(calendar.bankHolidaysOf(2026).get('2026-12-28')).toBe('Boxing Day (substitute day)');
      expect(calendar.bankHolidaysOf(1990).get('1990-01-01')).toBe("New Year's Day");
      expect(loaded).toBe(0);
      expect([...calendar.bankHolidaysOf(2101)]).toEqual(fromTheLibrary(2101));
      expect([...calendar.bankHolidaysOf(1989)]).toEqual(fromTheLibrary(1989));
      expect(loaded).toBe(1);
    });
  });
});
