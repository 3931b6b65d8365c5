import type { RoleHolder } from '../directory/directory.repository';
import type { CaseRow } from './case.repository';
import type { CaseViewParts, FailureRow } from './case-view.service';
import type { WriteBatch } from './effect-planner.service';
import { byDeadlineOrder } from './deadline-order.service';

/**
 * The case as a send left it, for the reply to the person who sent the event (POST
 * /api/cases/:id/events), built from what the write already had instead of read back after it
 * (issue #21: four statements fewer per event): the row read for the send with what the write
 * changed (its stored snapshot and closed_at returned by the write), the role holders the send
 * resolved, and the case's open deadlines and failed emails, read by the write's own statement as
 * they were before it, with the deadlines it cancelled taken out and those it armed put in.
 * CaseViewService.ofWritten turns it into the same view GET /api/cases/:id reads.
 */
export type WrittenCase = CaseViewParts;

/**
 * The columns the write's statement reads for the reply (case.repository.ts advance's `read`),
 * `caseId` the placeholder of the case's id: what case-view.service.ts reads after the fact, each
 * row a JSON array, times as milliseconds (a JSON value cannot carry a Date), NULL for no rows.
 * Neither list is sorted here but in writtenCase, where the deadlines are sorted anyway once the
 * write's are put in: an ordered aggregate starts a sort at every execution, rows or none, and
 * these sub-selects are what PostgreSQL pays for the reply on every event (docs/benchmarks.md,
 * "PostgreSQL's extra per event over HTTP"). A failed email's creation goes as microseconds, the
 * column's own precision, exact in a JSON number.
 */
export function replyColumns(caseId: string): string {
  return `(SELECT json_agg(json_build_array(d.key, d.kind, floor(extract(epoch FROM d.due_at) * 1000), d.event))
             FROM deadlines d WHERE d.case_id = ${caseId} AND d.status = 'pending') AS "pendingDeadlines",
          (SELECT json_agg(json_build_array(f.id, f.payload, f.last_error, floor(extract(epoch FROM f.available_at) * 1000), floor(extract(epoch FROM f.created_at) * 1000000)))
             FROM effects f WHERE f.case_id = ${caseId} AND f.status = 'failed') AS "failedEmails"`;
}

/** What the write returned: the advanced row's version, snapshot and closed_at, and replyColumns. */
interface Returned {
  version: number;
  snapshot: unknown;
  closedAt: Date | null;
  /** [key, kind, due at (ms), event] */
  pendingDeadlines: [string, string, number, unknown][] | null;
  /** [id, payload, last error, failed at (ms), created at (µs)] */
  failedEmails: [string, FailureRow['payload'], string | null, number, number][] | null;
}

/** FAILED_EMAIL_ORDER (case-view.repository.ts) in JavaScript: a uuid's bytes sort as its text. */
function byCreation(a: [string, ...unknown[]], b: [string, ...unknown[]]): number {
  const [x, y] = [a[4] as number, b[4] as number];
  return x - y || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

/**
 * The case as the write left it. A deadline cancelled by the write is left out even in the rare
 * moment a worker holds it (the write then skips it and the worker's stale event is refused and
 * settled by the next sweep): the reply shows the case as the event left it.
 */
export function writtenCase(
  before: CaseRow,
  next: {
    stateKey: string;
    summary: string;
    awaitingPersonIds: string[];
    at: Date;
    auditHead: string;
  },
  returned: Record<string, unknown>,
  batch: Pick<WriteBatch, 'cancelled' | 'deadlines'>,
  holders: Record<string, RoleHolder>,
): WrittenCase {
  const r = returned as unknown as Returned;
  const kept = (r.pendingDeadlines ?? [])
    .filter(([key]) => !batch.cancelled.includes(key))
    .map(([key, kind, dueAt, event]) => ({ key, kind, due_at: new Date(dueAt), event }));
  const armed = batch.deadlines.map((d) => ({
    key: d.key,
    kind: d.kind,
    due_at: d.dueAt,
    event: asJsonb(d.event),
  }));
  return {
    row: {
      ...before,
      version: r.version,
      snapshot: r.snapshot,
      stateKey: next.stateKey,
      summary: next.summary,
      awaitingPersonIds: next.awaitingPersonIds,
      auditHead: next.auditHead,
      updatedAt: next.at,
      closedAt: r.closedAt,
    },
    holders,
    deadlines: [...kept, ...armed].sort(byDeadlineOrder),
    failures: (r.failedEmails ?? []).sort(byCreation).map(([id, payload, lastError, failedAt]) => ({
      id,
      payload,
      last_error: lastError,
      available_at: new Date(failedAt),
    })),
  };
}

/**
 * A value as a jsonb column gives it back: through JSON, and each object's keys in jsonb's order
 * (shorter first, then by their bytes), so that the reply's JSON is the read's, key for key.
 */
export function asJsonb(value: unknown): unknown {
  return ordered(JSON.parse(JSON.stringify(value) ?? 'null'));
}

function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value).map((k) => ({ k, b: Buffer.from(k) }));
  keys.sort((x, y) => x.b.length - y.b.length || Buffer.compare(x.b, y.b));
  return Object.fromEntries(
    keys.map(({ k }) => [k, ordered((value as Record<string, unknown>)[k])]),
  );
}
