/**
 * `new Date(ms).toISOString()`, the same text, its date ("2026-12-05T") kept from the last time
 * asked for when `ms` falls in the same UTC day: audit:verify writes a million records' times one
 * after another, most in the day of the one before (toISOString was a tenth of a worker thread's
 * time; issue #21). Anything else (another day, a fraction, a time outside years 1970 to 9999, not
 * a number) goes through toISOString itself, which throws on what it throws on.
 */
const DAY = 86_400_000;
/** 10000-01-01T00:00:00.000Z: from there toISOString writes a six-digit, signed year. */
const YEAR_10000 = 253_402_300_800_000;

let dayStart = Number.NaN;
let dayPrefix = '';

export function isoOf(ms: number): string {
  if (typeof ms === 'number' && ms >= dayStart && ms < dayStart + DAY && Number.isInteger(ms)) {
    let t = ms - dayStart;
    const milli = t % 1000;
    t = (t - milli) / 1000;
    const second = t % 60;
    t = (t - second) / 60;
    const minute = t % 60;
    const hour = (t - minute) / 60;
    return `${dayPrefix}${two(hour)}:${two(minute)}:${two(second)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
  }
  const iso = new Date(ms).toISOString();
  if (typeof ms === 'number' && Number.isInteger(ms) && ms >= 0 && ms < YEAR_10000) {
    dayStart = ms - (ms % DAY);
    dayPrefix = iso.slice(0, 11);
  }
  return iso;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** The furthest a Date reaches either side of 1970, in milliseconds (100,000,000 days). */
const DATE_LIMIT = 8_640_000_000_000_000;
/** 400 Gregorian years (146,097 days): the calendar repeats after them, weekday and leap days. */
const FOUR_CENTURIES = 146_097 * DAY;

/**
 * A link's recordedAt from its recorded_at in milliseconds since 1970, as PostgreSQL gives it
 * (floor of the epoch, as numeric): isoOf's text for any time a Date holds, which is every time
 * the engine writes; and for what only a tamperer can write (issue #21), a text too, so that its
 * link is hashed and found changed like any other edit rather than failing the whole run:
 * PostgreSQL's own `infinity` and `-infinity`, and a time past a Date's last (PostgreSQL's go to
 * the year 294276) in toISOString's form with its year's six digits, the date found 400 years
 * at a time nearer (past 2^53 ms, the year 287396, the double nearest PostgreSQL's count). Not a
 * number (no recorded_at; the column holds none): throws, as isoOf does.
 */
export function recordedAtOf(ms: number): string {
  if (ms >= -DATE_LIMIT && ms <= DATE_LIMIT) return isoOf(ms);
  if (ms === Infinity) return 'infinity';
  if (ms === -Infinity) return '-infinity';
  if (!Number.isFinite(ms)) return isoOf(ms);
  const cycles = Math.sign(ms) * Math.ceil((Math.abs(ms) - DATE_LIMIT) / FOUR_CENTURIES);
  const iso = new Date(ms - cycles * FOUR_CENTURIES).toISOString();
  // A Date this far out writes a signed six-digit year: "+275760-09-13T…".
  const year = Number(iso.slice(0, 7)) + 400 * cycles;
  return `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(6, '0')}${iso.slice(7)}`;
}
