import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { LinkTokens } from '../libs/links/link-token.service';
import { StepRows } from './bench-steps.service';
import { chainedAudit } from './chained-audit.service';
import { BenchCase, stepOf } from './engine-bench.settings';

/**
 * The raw baseline: the same rows each step of the engine writes, written with `pg` directly (one
 * transaction per event, the audit chain hashed the same way), at the same concurrency.
 */

export function rawWriter(pool: Pool, tenantId: string, steps: StepRows[]) {
  const tokens = LinkTokens.ephemeral();
  return async (c: BenchCase): Promise<void> => {
    const s = steps[stepOf(c.version)];
    const version = c.version + 1;
    const now = new Date();
    const client: PoolClient = await pool.connect();
    try {
      await client.query('BEGIN');
      const { prevHash, content, hash } = await chainedAudit(client, tenantId, c, s, now);
      // The same case UPDATE as the engine's, audit head included.
      const updated = await client.query(
        `UPDATE cases SET snapshot = $4, state_key = $5, summary = $6, awaiting_person_ids = $7, version = version + 1,
                updated_at = $8, closed_at = NULL, audit_head = $9
          WHERE tenant_id = $1 AND id = $2 AND version = $3`,
        [
          tenantId,
          c.id,
          c.version,
          s.next.snapshot,
          s.next.stateKey,
          s.next.summary,
          s.next.awaiting,
          now,
          hash,
        ],
      );
      if (updated.rowCount !== 1) throw new Error(`raw: version conflict on ${c.id}`);
      await client.query(
        `INSERT INTO case_events (tenant_id, case_id, seq, type, payload, actor_person_id, authority, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [tenantId, c.id, version, s.type, s.eventPayload, s.actorPersonId, s.eventAuthority, now],
      );
      await client.query(
        `INSERT INTO audit_records (tenant_id, case_id, seq, recorded_at, actor, authority, event, from_state, to_state, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          tenantId,
          c.id,
          version,
          now,
          JSON.stringify(content.actor),
          JSON.stringify(content.authority),
          JSON.stringify(content.event),
          content.fromState,
          content.toState,
          prevHash,
          hash,
        ],
      );
      if (s.counts.actionLinksVoided > 0) {
        await client.query(
          `UPDATE action_links SET status = 'voided', settled_at = $3, outcome = '{"reason":"the step closed"}'
            WHERE case_id = $1 AND status = 'open' AND NOT (role = ANY($2::text[]))`,
          [c.id, s.awaitingRoles, now],
        );
      }
      const linkIds: Record<string, string> = {};
      for (const l of s.links) {
        const id = randomUUID();
        linkIds[l.role] = id;
        await client.query(
          `INSERT INTO action_links (id, tenant_id, case_id, person_id, role, request, allowed_responses, document_hashes, token_hash, status, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10)`,
          [
            id,
            tenantId,
            c.id,
            l.personId,
            l.role,
            l.request,
            l.allowed,
            l.docs,
            LinkTokens.hash(tokens.tokenFor(id)),
            now,
          ],
        );
      }
      for (const e of s.effects) {
        await client.query(
          `INSERT INTO effects (tenant_id, case_id, kind, payload, status, attempts, available_at, created_at)
           VALUES ($1, $2, 'email', $3, 'pending', 0, $4, $4)`,
          [
            tenantId,
            c.id,
            JSON.stringify({
              ...e.payload,
              caseVersion: version,
              linkId: e.linkRole ? linkIds[e.linkRole] : null,
            }),
            now,
          ],
        );
      }
      await client.query('COMMIT');
      c.version = version;
      c.head = hash;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  };
}
