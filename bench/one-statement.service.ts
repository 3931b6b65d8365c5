import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { FOR_SEND_ONE } from '../libs/engine/case.repository';
import { londonDate } from '../libs/governance/working-day-calendar.service';
import { LinkTokens } from '../libs/links/link-token.service';
import { StepRows } from './bench-steps.service';
import { chainedAudit } from './chained-audit.service';
import { BenchCase, stepOf } from './engine-bench.settings';

/**
 * The one-statement limit (issue #21 item 6): the rows each step of the engine writes, written as
 * one data-modifying CTE per event, a named prepared statement sent straight on the pool (no
 * BEGIN/COMMIT: one statement is atomic by itself), at the same concurrency. One round trip and
 * no reads to decide: the cheapest way to write those rows, against which the engine's overhead
 * (its read, validation, transition and planning) shows. The audit chain is hashed in Node the same
 * way; every sub-statement writes only if the version-checked case UPDATE advanced the case.
 */

/** The statement for one step of the cycle: its text depends only on how many rows it writes. */
function statementFor(s: StepRows): string {
  let n = 0;
  const p = () => `$${++n}`;
  const tenant = p();
  const caseId = p();
  const at = `${p()}::timestamptz`;
  const parts = [
    `u AS (
       UPDATE cases SET snapshot = ${p()}, state_key = ${p()}, summary = ${p()}, awaiting_person_ids = ${p()}, version = version + 1,
              updated_at = ${at}, closed_at = NULL, audit_head = ${p()}
        WHERE tenant_id = ${tenant} AND id = ${caseId} AND version = ${p()}
        RETURNING tenant_id, id, version)`,
    `e AS (
       INSERT INTO case_events (tenant_id, case_id, seq, type, payload, actor_person_id, authority, occurred_at)
       SELECT tenant_id, id, version, ${p()}, ${p()}, ${p()}, ${p()}, ${at} FROM u)`,
    `a AS (
       INSERT INTO audit_records (tenant_id, case_id, seq, recorded_at, actor, authority, event, from_state, to_state, prev_hash, hash)
       SELECT tenant_id, id, version, ${at}, ${p()}, ${p()}, ${p()}, ${p()}, ${p()}, ${p()}, ${p()} FROM u)`,
  ];
  if (s.counts.actionLinksVoided > 0)
    parts.push(`v AS (
       UPDATE action_links SET status = 'voided', settled_at = ${at}, outcome = '{"reason":"the step closed"}'
        WHERE case_id = ${caseId} AND status = 'open' AND NOT (role = ANY(${p()}::text[])) AND EXISTS (SELECT 1 FROM u))`);
  s.links.forEach((_, i) =>
    parts.push(`l${i} AS (
       INSERT INTO action_links (id, tenant_id, case_id, person_id, role, request, allowed_responses, document_hashes, token_hash, status, created_at)
       SELECT ${p()}, tenant_id, id, ${p()}, ${p()}, ${p()}, ${p()}, ${p()}, ${p()}, 'open', ${at} FROM u)`),
  );
  s.effects.forEach((_, i) =>
    parts.push(`f${i} AS (
       INSERT INTO effects (tenant_id, case_id, kind, payload, status, attempts, available_at, created_at)
       SELECT tenant_id, id, 'email', ${p()}, 'pending', 0, ${at}, ${at} FROM u)`),
  );
  return `WITH ${parts.join(',\n')}\nSELECT count(*)::int AS n FROM u`;
}

export function oneStatementWriter(pool: Pool, tenantId: string, steps: StepRows[]) {
  const tokens = LinkTokens.ephemeral();
  const statements = steps.map((s, i) => ({
    name: `bench_one_statement_${i}`,
    text: statementFor(s),
  }));
  return async (c: BenchCase): Promise<void> => {
    const i = stepOf(c.version);
    const s = steps[i];
    const version = c.version + 1;
    const now = new Date();
    const { prevHash, content, hash } = await chainedAudit(pool, tenantId, c, s, now);
    const values: unknown[] = [
      tenantId,
      c.id,
      now,
      s.next.snapshot,
      s.next.stateKey,
      s.next.summary,
      s.next.awaiting,
      hash,
      c.version,
      s.type,
      s.eventPayload,
      s.actorPersonId,
      s.eventAuthority,
      JSON.stringify(content.actor),
      JSON.stringify(content.authority),
      JSON.stringify(content.event),
      content.fromState,
      content.toState,
      prevHash,
      hash,
    ];
    if (s.counts.actionLinksVoided > 0) values.push(s.awaitingRoles);
    const linkIds: Record<string, string> = {};
    for (const l of s.links) {
      const id = randomUUID();
      linkIds[l.role] = id;
      values.push(
        id,
        l.personId,
        l.role,
        l.request,
        l.allowed,
        l.docs,
        LinkTokens.hash(tokens.tokenFor(id)),
      );
    }
    for (const e of s.effects)
      values.push(
        JSON.stringify({
          ...e.payload,
          caseVersion: version,
          linkId: e.linkRole ? linkIds[e.linkRole] : null,
        }),
      );
    const r = await pool.query<{ n: number }>({ ...statements[i], values });
    if (r.rows[0]?.n !== 1) throw new Error(`one statement: version conflict on ${c.id}`);
    c.version = version;
    c.head = hash;
  };
}

/**
 * The engine's read (the very statement a send reads the case with, named), then the one
 * statement: two round trips and nothing decided between them. Against the one statement it
 * prices the read's round trip; against the engine, the engine's own work (validation, transition,
 * planning, building the write).
 */
export function readThenOneStatement(pool: Pool, tenantId: string, steps: StepRows[]) {
  const write = oneStatementWriter(pool, tenantId, steps);
  const read = { name: 'bench_read_for_send', text: FOR_SEND_ONE };
  return async (c: BenchCase): Promise<void> => {
    const r = await pool.query({ ...read, values: [tenantId, c.id, londonDate(new Date())] });
    if (r.rows.length !== 1) throw new Error(`read then one statement: no case ${c.id}`);
    await write(c);
  };
}
