import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import type { Response, Test } from 'supertest';
import { MAX_TEXT_LENGTH } from '../../apps/api/http/request-text.service';

/*
 * What a fuzz of the HTTP surface sends and what it checks on every answer: hostile values, ways
 * to spoil a good body, and the invariants (no 5xx, refusals as problems or pages, nothing
 * changed by a refusal, an answer in bounded time).
 */

/** The fuzz's fixed seed: the same inputs on every run, so that a failure can be replayed. */
export const FUZZ_SEED = 19;

/**
 * Far above the tens of milliseconds a request takes: it catches hangs and multi-second stalls
 * (a day walk to 9999-12-31 once hung the process), not slowness. Not a speed target.
 */
export const ANSWER_WITHIN_MS = 5_000;

/** A request that has had no answer by then has hung. */
const HANG_MS = 30_000;

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

const hostileNumber: fc.Arbitrary<number> = fc.oneof(
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

/**
 * One way to spoil a good body, at the `pick`th place in it (modulo the places it has): `like`
 * puts a hostile value of the same kind there (a number for a number, a date for a date, another
 * id for an id: random, of another kind, or of another council), `replace` any hostile value.
 */
export interface Mutation {
  pick: number;
  op: 'like' | 'replace' | 'delete' | 'extra' | 'wrap';
  key: string;
  value: unknown;
  like: { number: number; date: string; uuid: string; id: number; real: boolean; text: string };
}

export const likeValues: fc.Arbitrary<Mutation['like']> = fc.record({
  number: hostileNumber,
  date: hostileDate,
  uuid: fc.uuid(),
  id: fc.nat(),
  real: fc.boolean(),
  text: hostileString,
});

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  op: fc.oneof(
    { weight: 4, arbitrary: fc.constant('like' as const) },
    { weight: 3, arbitrary: fc.constant('replace' as const) },
    {
      weight: 3,
      arbitrary: fc.constantFrom('delete' as const, 'extra' as const, 'wrap' as const),
    },
  ),
  key: fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'extra', ''),
    hostileString,
  ),
  value: hostileValue,
  like: likeValues,
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A hostile value of the kind `original` is; `ids` are real ids of every kind, of both councils. */
function likeOf(original: unknown, like: Mutation['like'], ids: string[]): unknown {
  if (typeof original === 'number') return like.number;
  if (typeof original === 'boolean') return [1, 0, 'true', 'yes', null][like.id % 5];
  if (typeof original === 'string' && DATE.test(original)) return like.date;
  if (typeof original === 'string' && UUID.test(original))
    return like.real && ids.length ? ids[like.id % ids.length] : like.uuid;
  if (typeof original === 'string') return like.text;
  if (Array.isArray(original))
    return [[], [like.text], Array(300).fill(original[0] ?? like.text), [original]][like.id % 4];
  return [{}, [], null, like.text][like.id % 4];
}

/** A form field's hostile text of the kind its name or the values the page offers suggest. */
export function likeField(
  name: string,
  offered: string[],
  like: Mutation['like'],
  ids: string[],
): string {
  if (/(On|Date|date|-day|-month|-year)$/.test(name) || offered.some((v) => DATE.test(v)))
    return like.date;
  if (/(Id|body)$/.test(name) || offered.some((v) => UUID.test(v)))
    return like.real && ids.length ? ids[like.id % ids.length] : like.uuid;
  if (offered.some((v) => /^\d+$/.test(v))) return String(like.number);
  return like.text;
}

type Path = (string | number)[];

function places(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (at.length < 6 && v !== null && typeof v === 'object')
    for (const [k, inner] of Object.entries(v))
      places(inner, [...at, Array.isArray(v) ? Number(k) : k], out);
  return out;
}

/** `body` (a JSON value, not changed) with the mutations applied; undefined means no body. */
export function mutate(body: unknown, mutations: Mutation[], ids: string[] = []): unknown {
  let out: unknown = body === undefined ? undefined : structuredClone(body);
  for (const m of mutations) {
    const all = places(out);
    const path = all[m.pick % all.length];
    if (path.length === 0) {
      out =
        m.op === 'delete'
          ? undefined
          : m.op === 'wrap'
            ? [out]
            : m.op === 'like'
              ? likeOf(out, m.like, ids)
              : m.op === 'extra' && out !== null && typeof out === 'object' && !Array.isArray(out)
                ? withKey(out as Record<string, unknown>, m.key, m.value)
                : m.value;
      continue;
    }
    const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as never)[k], out) as Record<
      string | number,
      unknown
    >;
    const last = path[path.length - 1];
    if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
    } else if (m.op === 'wrap') parent[last] = [parent[last]];
    else if (m.op === 'like') parent[last] = likeOf(parent[last], m.like, ids);
    else if (m.op === 'replace') withKey(parent as Record<string, unknown>, String(last), m.value);
    else if (Array.isArray(parent)) parent.push(m.value);
    else withKey(parent, m.key, m.value);
  }
  return out;
}

/** A path segment: mostly percent-encoded as a client would, sometimes raw (traversal, bad escapes). */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileString.map(encodeSegment) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '..',
      '../..',
      '../../../etc/passwd',
      '..%2f..%2fetc%2fpasswd',
      '%2e%2e',
      '%252e%252e%252f',
      '%E0%A4%A',
      '%ZZ',
      '%C0%AE%C0%AE',
      '%00',
      '%ED%A0%80',
      '.',
      '~',
      'a;b=c',
      'x'.repeat(5_000),
    ),
  },
);

/** A string as one percent-encoded path segment; a lone surrogate as the bytes a careless client sends. */
export function encodeSegment(s: string): string {
  return s.replace(/[\s\S]/gu, (ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return '%ED%A0%80';
    }
  });
}

/** A form body as application/x-www-form-urlencoded text, repeated keys for arrays. */
export function formEncoded(fields: [string, string][]): string {
  return fields.map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`).join('&');
}

/** The tables a refusal must leave as they were: row counts, and each row's content too. */
export const STATE_TABLES = [
  'cases',
  'case_events',
  'audit_records',
  'effects',
  'deadlines',
  'documents',
  'document_chunks',
  'action_links',
  'meetings',
  'agenda_items',
  'meeting_attendance',
  'votes',
  'interest_declarations',
  'item_outcomes',
  'minutes_approvals',
  'dispensations',
  'staff_accounts',
  'staff_sessions',
  'tenants',
] as const;

export type StateFingerprint = Record<(typeof STATE_TABLES)[number], string>;

/** Each table's row count and a hash of its rows (action_link_views is left out: refused answers are kept there as evidence). */
export async function stateFingerprint(ds: DataSource): Promise<StateFingerprint> {
  const [row]: StateFingerprint[] = await ds.query(
    `SELECT ${STATE_TABLES.map(
      (t) =>
        `(SELECT count(*)::text || ' rows, ' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM ${t} x) AS ${t}`,
    ).join(', ')}`,
  );
  return row;
}

/** The tables whose fingerprint differs. */
export function changedTables(before: StateFingerprint, after: StateFingerprint): string[] {
  return STATE_TABLES.filter((t) => before[t] !== after[t]).map(
    (t) => `${t} (${before[t].split(',')[0]} before, ${after[t].split(',')[0]} after)`,
  );
}

/** A refusal as RFC 9457 problem+json with a stable code and a sentence saying what to fix; the faults found, if any. */
export function problemFaults(res: Response): string[] {
  const faults: string[] = [];
  if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? ''))
    faults.push(`content-type ${res.headers['content-type']}, not application/problem+json`);
  const body = (res.body ?? {}) as { code?: unknown; detail?: unknown; status?: unknown };
  if (typeof body.code !== 'string' || !/^[A-Z][A-Z_]+$/.test(body.code))
    faults.push(`code ${JSON.stringify(body.code)}`);
  if (typeof body.detail !== 'string' || !/^["\w].{10,}[.]$/s.test(body.detail))
    faults.push(`detail ${JSON.stringify(body.detail)} is not a sentence`);
  if (body.status !== res.status) faults.push(`status ${String(body.status)} in the body`);
  return faults;
}

export function isHtml(res: Response): boolean {
  return /^text\/html/.test(res.headers['content-type'] ?? '');
}

/** What went wrong with one answer, as a message naming the request; undefined when nothing did. */
export function describeFaults(
  request: string,
  res: Response,
  ms: number,
  faults: string[],
): string | undefined {
  if (faults.length === 0) return undefined;
  const text = (res.text ?? '').replace(/\s+/g, ' ').slice(0, 300);
  return `${request}\n  → ${res.status} in ${ms} ms: ${faults.join('; ')}\n  ${text}`;
}

/**
 * Sends the request `build` makes and times the answer. A refusal changes nothing, so one slower
 * than ANSWER_WITHIN_MS is sent once more: a stall the input causes comes back, one from a busy
 * machine (two shared cores) does not. A request that hangs fails after HANG_MS with its text.
 */
export async function timedAnswer(
  build: () => Test,
  shown: string,
): Promise<{ res: Response; ms: number }> {
  const time = async () => {
    const started = Date.now();
    try {
      const res = await build().timeout(HANG_MS);
      return { res, ms: Date.now() - started };
    } catch (e) {
      throw new Error(`${shown}\n  → no answer: ${(e as Error).message}`);
    }
  };
  const first = await time();
  if (first.ms <= ANSWER_WITHIN_MS || first.res.status < 400 || first.res.status >= 500)
    return first;
  const again = await time();
  return { res: first.res, ms: Math.min(first.ms, again.ms) };
}

/** The faults every answer is checked for, whatever the route: status, time, and pollution of this process. */
export function answerFaults(res: Response, ms: number): string[] {
  const faults: string[] = [];
  if (res.status >= 500) faults.push('a server error');
  if (ms > ANSWER_WITHIN_MS) faults.push(`took ${ms} ms`);
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || probe.isAdmin !== undefined)
    faults.push('Object.prototype was polluted');
  const location = res.headers.location as string | undefined;
  if (location !== undefined && !/^\/(?![/\\])/.test(location))
    faults.push(`redirects off the site, to ${location}`);
  return faults;
}

/** A short, printable account of a request for a failure message. */
export function describeRequest(method: string, path: string, body: unknown): string {
  let shown: string;
  try {
    shown = typeof body === 'string' ? body : (JSON.stringify(body) ?? '(no body)');
  } catch {
    shown = '(unprintable body)';
  }
  return `${method} ${path.slice(0, 300)} ${shown.slice(0, 400)}`;
}
