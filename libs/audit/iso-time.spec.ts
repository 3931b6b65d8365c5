import fc from 'fast-check';
import { isoOf, recordedAtOf } from './iso-time.service';

/*
 * isoOf writes what new Date(ms).toISOString() writes, whatever came before it (it keeps the last
 * day it wrote), and throws where toISOString throws.
 */

const DAY = 86_400_000;
const expected = (ms: unknown): string => new Date(ms as number).toISOString();

describe('isoOf', () => {
  it('writes every time of a run of times as toISOString does, across days, years and the edges of its range', () => {
    const edges = [0, DAY - 1, DAY, 951_782_400_000 - 1, 951_782_400_000, 253_402_300_799_999];
    const time = fc.oneof(
      fc.integer({ min: -62_198_755_200_000, max: 8_640_000_000_000_000 }),
      fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_000 + 3 * DAY }),
      fc.constantFrom(...edges),
      fc.constantFrom(...edges).map((e) => e + 1),
      fc.double({ min: 0, max: 253_402_300_800_000, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(time, { minLength: 1, maxLength: 40 }), (times) => {
        for (const ms of times) expect(isoOf(ms)).toBe(expected(ms));
      }),
      { numRuns: 500 },
    );
  });

  it('writes the next milliseconds of a day it has written as toISOString does, to the last one', () => {
    const start = Date.UTC(2026, 11, 5);
    isoOf(start);
    for (let ms = start; ms < start + DAY; ms += 997) expect(isoOf(ms)).toBe(expected(ms));
    expect(isoOf(start + DAY - 1)).toBe('2026-12-05T23:59:59.999Z');
    expect(isoOf(start + DAY)).toBe('2026-12-06T00:00:00.000Z');
  });

  it('writes a year from 10000 with its sign, and a time before 1970, as toISOString does', () => {
    isoOf(253_402_300_799_000);
    expect(isoOf(253_402_300_800_000)).toBe('+010000-01-01T00:00:00.000Z');
    expect(isoOf(-1)).toBe('1969-12-31T23:59:59.999Z');
  });

  it('throws as toISOString does on a time it cannot write, even in the day it last wrote', () => {
    const day = Date.UTC(2026, 0, 1);
    isoOf(day);
    expect(() => isoOf(Number.NaN)).toThrow(RangeError);
    expect(() => isoOf(8_640_000_000_000_001)).toThrow(RangeError);
    expect(isoOf('2026-01-01T10:00:00Z' as unknown as number)).toBe('2026-01-01T10:00:00.000Z');
    expect(isoOf(day + 1)).toBe('2026-01-01T00:00:00.001Z');
  });
});

/*
 * recordedAtOf writes isoOf's text for every time a Date holds, and for the times only a tamperer
 * writes (PostgreSQL's infinities, its years past 275760) a text of their own rather than throwing.
 */
describe('recordedAtOf', () => {
  it('writes every time a Date holds as toISOString does, to the edges of its range', () => {
    const time = fc.oneof(
      fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 }),
      fc.constantFrom(-8_640_000_000_000_000, 0, 8_640_000_000_000_000),
    );
    fc.assert(
      fc.property(time, (ms) => expect(recordedAtOf(ms)).toBe(expected(ms))),
      { numRuns: 500 },
    );
  });

  it('writes PostgreSQL’s infinities as PostgreSQL does', () => {
    expect(recordedAtOf(Infinity)).toBe('infinity');
    expect(recordedAtOf(-Infinity)).toBe('-infinity');
  });

  it('writes a time past a Date’s last with its year in six digits, as PostgreSQL counted it', () => {
    // Each count as floor(extract(epoch FROM t) * 1000) gave it for the time written (PostgreSQL 18).
    expect(recordedAtOf(8_640_000_000_000_001)).toBe('+275760-09-13T00:00:00.001Z');
    expect(recordedAtOf(8_773_784_524_799_999)).toBe('+280000-02-29T23:59:59.999Z');
    expect(recordedAtOf(9_026_240_140_800_000)).toBe('+288000-03-01T00:00:00.000Z');
    // And before a Date's first (PostgreSQL's go back only to 4713 BC).
    expect(recordedAtOf(-8_640_000_000_000_001)).toBe('-271821-04-19T23:59:59.999Z');
  });

  it('throws on what is no number, as isoOf does', () => {
    expect(() => recordedAtOf(Number.NaN)).toThrow(RangeError);
  });
});
