import fc from 'fast-check';
import { MAX_TEXT_LENGTH } from '../../apps/api/http/request-text.service';

/* Hostile values and raw bodies: what a fuzz puts where the API expects a value. */

/** The fuzz's fixed seed: the same inputs on every run, so that a failure can be replayed. */
export const FUZZ_SEED = 19;

/** Strings that have broken services before, and ones this domain is likely to mishandle. */
export const HOSTILE_STRINGS: string[] = [
  '',
  ' ',
  '\t\n',
  'NaN',
  'Infinity',
  '-Infinity',
  '-1',
  '0',
  '1e309',
  '0x1F',
  '1_000',
  '٣',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  '9999-12-31',
  '0000-01-01',
  '2025-02-30',
  '2025-02-29',
  '2024-02-29',
  '+010000-01-01',
  '-000001-01-01',
  '2025-13-01',
  '2025-9-4',
  '2025-09-04T25:61:00Z',
  '1989-12-31',
  '2101-01-01',
  '04/09/2025',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-4000-8000-00000000000G',
  "' OR '1'='1",
  "'; DROP TABLE cases; --",
  '1; SELECT pg_sleep(10)',
  '$$; SELECT pg_sleep(10); $$',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{ 7 * 7 }}',
  '{% raw %}',
  '${7*7}',
  'javascript:alert(1)',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  '%00',
  '%',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\ud83d',
  '👩🏽‍⚖️🏛️',
  '\u202Eevil\u202C',
  'مجلس المدينة',
  'e\u0301\u0301\u0301\u0301\u0301',
  'Z̴̡̛̗̖̈́a̵̧̛̱̓l̸̢̛̰̓g̴̡̛̗̓o̵̢̧̓',
  '\u200B\u200D\uFEFF',
  '\r\nSet-Cookie: x=1',
  'CON',
  '/',
  '//evil.example',
  'x'.repeat(MAX_TEXT_LENGTH),
  'x'.repeat(MAX_TEXT_LENGTH + 1),
  '€'.repeat(9_000),
];

/** Numbers JSON can carry that a schema may forget to bound (PostgreSQL's integer ends at 2^31 - 1). */
const HOSTILE_NUMBERS = [
  0,
  -0,
  -1,
  0.5,
  1.0000000001,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 32,
  2 ** 53 + 2,
  2 ** 63,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  1e21,
];

/** Dates that are not real, out of the years taken, at the edges of them, or holidays and weekends. */
const HOSTILE_DATES = [
  '9999-12-31',
  '0000-01-01',
  '2025-02-30',
  '+010000-01-01',
  '-000001-01-01',
  '2025-02-29',
  '2024-02-29',
  '1990-01-01',
  '2100-12-31',
  '1989-12-31',
  '2101-01-01',
  '0202-07-01',
  '2025-13-01',
  '2025-00-10',
  '2025-09-00',
  '2025-9-4',
  '20250904',
  '2025-09-04T09:00:00Z',
  '2025-09-04 ',
  '2025-08-25',
  '2025-12-25',
  '2025-09-06',
  '2025-08-01',
  '2025-07-31',
  '2026-03-29',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 100)), fc.string())
      .map(([a, b]) => `${b}${a}${b}`),
  },
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);

export const hostileDate: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_DATES) },
  {
    weight: 1,
    arbitrary: fc
      .date({ min: new Date('1800-01-01'), max: new Date('2300-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  },
);

/** An object with `key` as an own property, even when the key is __proto__. */
export function withKey(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return target;
}

/** `depth` arrays or objects inside each other. */
function nested(depth: number, kind: 'array' | 'object'): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

const pollution = fc.constantFrom(
  () => JSON.parse('{"__proto__":{"polluted":"yes","isAdmin":true}}') as unknown,
  () => JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}') as unknown,
  () => withKey({}, '__proto__', null),
  () => ({ toString: 'x', valueOf: 1, hasOwnProperty: 'x' }),
);

/** A JSON value a field did not ask for: wrong types, extremes, nesting, pollution keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { weight: 8, arbitrary: hostileString },
    { weight: 3, arbitrary: hostileNumber },
    { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
    { weight: 1, arbitrary: fc.constantFrom([], {}, [[]], [{}], ['']) },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 3 }) },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.tuple(hostileString, tie('value')), { maxLength: 3 })
        .map((entries) => entries.reduce((o, [k, v]) => withKey(o, k, v), {})),
    },
    { weight: 1, arbitrary: pollution.map((make) => make()) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(20, 500, 3_000),
          fc.constantFrom('array' as const, 'object' as const),
        )
        .map(([d, k]) => nested(d, k)),
    },
    { weight: 1, arbitrary: fc.constantFrom(Array.from({ length: 5_000 }, (_, i) => i)) },
  ),
})).value;

/** A body that is not a JSON document the route can take, sent as it is with its content type. */
export interface RawBody {
  text: string;
  contentType: string;
  contentEncoding?: string;
}

export const rawBody: fc.Arbitrary<RawBody> = fc.oneof(
  fc
    .constantFrom(
      '{',
      '{"a":1,}',
      "{'a':1}",
      '[1,2',
      '"a string"',
      '12',
      'null',
      'true',
      '{"expectedVersion":1e999}',
      '{"expectedVersion":-1e999,"limit":123456789012345678901234567890}',
      '{"type":"AGREE","type":"REJECT","expectedVersion":1}',
      '{"title":"a\\u0000b"}',
      '{"title":"\\ud800"}',
      '{"\\ud800":1}',
      '\uFEFF{"a":1}',
      '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}',
      '[{"__proto__":[]}]',
      '['.repeat(40_000) + ']'.repeat(40_000),
      '{"a":'.repeat(15_000) + '1' + '}'.repeat(15_000),
      `{"title":"${'x'.repeat(99_000)}"}`,
    )
    .map((text) => ({ text, contentType: 'application/json' })),
  fc
    .tuple(
      fc.constantFrom(
        'text/plain',
        'application/xml',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=utf-16',
        'application/json; charset=bogus',
        'application/json; charset=iso-8859-1',
        'application/vnd.api+json',
        '',
      ),
      fc.constantFrom('{"a":1}', 'a=1&a=2&__proto__[x]=1', '<a>1</a>', '--x\r\n\r\n--x--'),
    )
    .map(([contentType, text]) => ({ text, contentType })),
  fc
    .constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'gzip, gzip')
    .map((contentEncoding) => ({
      text: '{"a":1}',
      contentType: 'application/json',
      contentEncoding,
    })),
);
