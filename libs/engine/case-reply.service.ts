import type { RoleHolder } from '../directory/directory.repository';
import type { CaseRow } from './case.repository';
import type { CaseViewParts, FailureRow } from './case-view.service';
import type { WriteBatch } from './effect-planner.service';
import { byDeadlineOrder, DEADLINE_ORDER } from './deadline-order.service';

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
 * `caseId` the placeholder of the case's id: what case-view.service.ts reads after the fact, with
 * times as milliseconds, which a JSON value cannot carry as a Date.
 */
export function replyColumns(caseId: string): string {
  return `(SELECT coalesce(json_agg(json_build_object('key', d.key, 'kind', d.kind, 'dueAt', floor(extract(epoch FROM d.due_at) * 1000), 'event', d.event) ORDER BY ${DEADLINE_ORDER('d.')}), '[]')
             FROM deadlines d WHERE d.case_id = ${caseId} AND d.status = 'pending') AS "pendingDeadlines",
          (SELECT coalesce(json_agg(json_build_object('id', f.id, 'payload', f.payload, 'lastError', f.last_error, 'failedAt', floor(extract(epoch FROM f.available_at) * 1000)) ORDER BY f.created_at), '[]')
             FROM effects f WHERE f.case_id = ${caseId} AND f.status = 'failed') AS "failedEmails"`;
}

/** What the write returned: the advanced row's version, snapshot and closed_at, and replyColumns. */
interface Returned {
  version: number;
  snapshot: unknown;
  closedAt: Date | null;
  pendingDeadlines: { key: string; kind: string; dueAt: number; event: unknown }[];
  failedEmails: {
    id: string;
    payload: FailureRow['payload'];
    lastError: string | null;
    failedAt: number;
  }[];
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
  const kept = r.pendingDeadlines
    .filter((d) => !batch.cancelled.includes(d.key))
    .map((d) => ({ key: d.key, kind: d.kind, due_at: new Date(d.dueAt), event: d.event }));
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
    failures: r.failedEmails.map((f) => ({
      id: f.id,
      payload: f.payload,
      last_error: f.lastError,
      available_at: new Date(f.failedAt),
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
