import { chainHash } from '../libs/audit/audit-chain.service';
import { StepRows } from './bench-steps.service';
import { BenchCase } from './engine-bench.settings';

/** What the raw writers need to run a query: a pool or a client in its transaction. */
type ReadsHead = {
  query<R extends object>(text: string, values: unknown[]): Promise<{ rows: R[] }>;
};

/**
 * The audit record a raw writer adds for a step, chained as the engine chains it: the case's head
 * read once a case (again after another writer moved the chain on and cleared it), the content
 * and its hash. Both raw writers (eight statements, one statement) write the same record.
 */
export async function chainedAudit(
  db: ReadsHead,
  tenantId: string,
  c: BenchCase,
  s: StepRows,
  now: Date,
) {
  if (c.head === undefined) {
    const h = await db.query<{ audit_head: string }>('SELECT audit_head FROM cases WHERE id = $1', [
      c.id,
    ]);
    c.head = h.rows[0].audit_head;
  }
  const prevHash = c.head;
  const content = {
    tenantId,
    caseId: c.id,
    seq: c.version + 1,
    recordedAt: now.toISOString(),
    actor: s.audit.actor,
    authority: s.audit.authority,
    event: s.audit.event,
    fromState: s.audit.fromState,
    toState: s.audit.toState,
  };
  return { prevHash, content, hash: chainHash(prevHash, content) };
}
