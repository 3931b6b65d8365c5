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
