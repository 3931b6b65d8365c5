import type { CaseForSend, SendState } from './case.repository';

/** A case as this process's last write left it, with its send state as PostgreSQL digested it. */
export interface KeptCase {
  row: CaseForSend;
  /** The London day its absences were read for. */
  on: string;
  /** Its send state as the write returned it (case.repository.ts). */
  state: SendState;
}

const KEPT_AT_MOST = 2000;

/**
 * The cases this process's sends last wrote, each as the write left it, so that the next send to
 * one needs no read first: one round trip instead of two (issue #21, docs/benchmarks.md "Session
 * 31: the engine's send"). Never trusted: the send that takes one writes only if the case's send
 * state is still the kept one, and is decided afresh on a read otherwise (send-event.use-case.ts).
 * An entry is taken, not shared: two sends at once to one case never decide on one object, the
 * second reads. Bounded: cleared when full, as a cache that only saves a read may be.
 */
export class KeptCases {
  private readonly kept = new Map<string, KeptCase>();

  take(tenantId: string, caseId: string, on: string): KeptCase | undefined {
    const key = `${tenantId}|${caseId}`;
    const kept = this.kept.get(key);
    if (!kept) return undefined;
    this.kept.delete(key);
    return kept.on === on ? kept : undefined;
  }

  keep(kept: KeptCase): void {
    if (this.kept.size >= KEPT_AT_MOST) this.kept.clear();
    this.kept.set(`${kept.row.tenantId}|${kept.row.id}`, kept);
  }

  /**
   * The case as a write left it: `before` as read (or kept) with what the write changed, its
   * snapshot and closed_at and its send state as the write returned them (case.repository.ts
   * advance's `state`), the around digest the kept one (`was`) when the write checked it.
   */
  keepWritten(
    before: CaseForSend,
    change: Pick<CaseForSend, 'stateKey' | 'summary' | 'awaitingPersonIds' | 'auditHead'> & {
      at: Date;
    },
    returned: Record<string, unknown>,
    on: string,
    was?: SendState,
  ): void {
    this.keep({
      row: {
        ...before,
        version: returned.version as number,
        snapshot: returned.snapshot,
        stateKey: change.stateKey,
        summary: change.summary,
        awaitingPersonIds: change.awaitingPersonIds,
        auditHead: change.auditHead,
        updatedAt: change.at,
        closedAt: returned.closedAt as Date | null,
      },
      on,
      state: {
        caseXmin: returned.caseXmin as string,
        around: was?.around ?? (returned.around as string),
      },
    });
  }

  forget(tenantId: string, caseId: string): void {
    this.kept.delete(`${tenantId}|${caseId}`);
  }
}
