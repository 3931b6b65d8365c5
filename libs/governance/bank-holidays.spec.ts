import { addDays, WorkingDayCalendar } from './working-day-calendar.service';

/**
 * The England and Wales bank holidays 2022-2027 as published by GOV.UK, including the one-off
 * Platinum Jubilee, State Funeral and Coronation days and the substitute days.
 */
const BANK_HOLIDAYS: Record<number, string[]> = {
  2022: [
    '2022-01-03',
    '2022-04-15',
    '2022-04-18',
    '2022-05-02',
    '2022-06-02',
    '2022-06-03',
    '2022-08-29',
    '2022-09-19',
    '2022-12-26',
    '2022-12-27',
  ],
  2023: [
    '2023-01-02',
    '2023-04-07',
    '2023-04-10',
    '2023-05-01',
    '2023-05-08',
    '2023-05-29',
    '2023-08-28',
    '2023-12-25',
    '2023-12-26',
  ],
  2024: [
    '2024-01-01',
    '2024-03-29',
    '2024-04-01',
    '2024-05-06',
    '2024-05-27',
    '2024-08-26',
    '2024-12-25',
    '2024-12-26',
  ],
  2025: [
    '2025-01-01',
    '2025-04-18',
    '2025-04-21',
    '2025-05-05',
    '2025-05-26',
    '2025-08-25',
    '2025-12-25',
    '2025-12-26',
  ],
  2026: [
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-04',
    '2026-05-25',
    '2026-08-31',
    '2026-12-25',
    '2026-12-28',
  ],
  2027: [
    '2027-01-01',
    '2027-03-26',
    '2027-03-29',
    '2027-05-03',
    '2027-05-31',
    '2027-08-30',
    '2027-12-27',
    '2027-12-28',
  ],
};

describe('England and Wales bank holidays', () => {
  const calendar = new WorkingDayCalendar();

  it.each(Object.entries(BANK_HOLIDAYS))(
    'in %s are exactly the weekdays that are not working days',
    (year, expected) => {
      const closedWeekdays: string[] = [];
      for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
        const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
        if (dow !== 0 && dow !== 6 && !calendar.isWorkingDay(d)) closedWeekdays.push(d);
      }
      expect(closedWeekdays).toEqual(expected);
    },
  );
});
