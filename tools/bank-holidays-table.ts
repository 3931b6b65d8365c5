/**
 * `npm run -s build && node dist/tools/bank-holidays-table.js`: writes
 * libs/governance/england-bank-holidays.table.ts, England and Wales bank holidays for the calendar's
 * default years as date-holidays gives them. The server reads that table rather than loading
 * date-holidays, whose parser brings astronomia and moment-timezone (5.6 MB of V8's heap at rest,
 * issue #21); england-bank-holidays.table.spec.ts fails when the table and the library disagree
 * (a new date-holidays with a new bank holiday): run this again then.
 */
import { writeFileSync } from 'node:fs';
import Holidays from 'date-holidays';
import { format, resolveConfig } from 'prettier';
import { DEFAULT_CALENDAR_YEARS } from '../libs/governance/working-day-calendar.service';
import { sourcePath } from './write-json';

/** A year's public holidays as the table writes them: "MM-DD name; MM-DD name", in date order. */
export function bankHolidayRow(holidays: Holidays, year: number): string {
  return holidays
    .getHolidays(year)
    .filter((h) => h.type === 'public')
    .map((h) => `${h.date.slice(5, 10)} ${h.name}`)
    .sort((a, b) => (a.slice(0, 5) < b.slice(0, 5) ? -1 : a.slice(0, 5) > b.slice(0, 5) ? 1 : 0))
    .join('; ');
}

async function main(): Promise<void> {
  const england = new Holidays('GB', 'ENG');
  const { earliest, latest } = DEFAULT_CALENDAR_YEARS;
  const rows: string[] = [];
  for (let y = earliest; y <= latest; y++)
    rows.push(`  ${y}: ${JSON.stringify(bankHolidayRow(england, y))},`);
  const path = sourcePath('libs', 'governance', 'england-bank-holidays.table.ts');
  const text = [
    '/**',
    ' * England and Wales bank holidays, one year a line ("MM-DD name; …" in date order), as',
    " * date-holidays gives them for the calendar's default years. Written by",
    ' * tools/bank-holidays-table.ts, not by hand; the server loads date-holidays only for a year',
    ' * outside these (CALENDAR_YEARS set wider), to keep its parser out of every process (issue #21).',
    ' */',
    `export const ENGLAND_BANK_HOLIDAYS_FROM = ${earliest};`,
    `export const ENGLAND_BANK_HOLIDAYS_TO = ${latest};`,
    '',
    'export const ENGLAND_BANK_HOLIDAYS: Readonly<Record<number, string>> = {',
    ...rows,
    '};',
    '',
  ].join('\n');
  const style = await resolveConfig(path);
  writeFileSync(path, await format(text, { ...style, parser: 'typescript' }));
  console.log(`${path}: ${latest - earliest + 1} years`);
}

if (require.main === module) void main();
