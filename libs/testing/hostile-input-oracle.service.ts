import type { DataSource } from 'typeorm';
import type { Response, Test } from 'supertest';

/*
 * What a fuzz checks on every answer: no 5xx, refusals as problems or pages, nothing changed by a
 * refusal, an answer in bounded time.
 */

/**
 * Far above the tens of milliseconds a request takes: it catches hangs and multi-second stalls
 * (a day walk to 9999-12-31 once hung the process), not slowness. Not a speed target.
 */
export const ANSWER_WITHIN_MS = 5_000;

/** A request that has had no answer by then has hung. */
const HANG_MS = 30_000;

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
 * Sends the request `build` makes and times the answer. A refusal or a GET changes nothing, so
 * one slower than ANSWER_WITHIN_MS is sent once more: a stall the input causes comes back, one from a busy
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
  const method = (first.res as unknown as { req?: { method?: string } }).req?.method;
  const repeatable = (first.res.status >= 400 && first.res.status < 500) || method === 'GET';
  if (first.ms <= ANSWER_WITHIN_MS || first.res.status >= 500 || !repeatable) return first;
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
